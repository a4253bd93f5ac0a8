// The embeddable page: `embed.html?readonly=1#v1.<state>`. It never touches
// the playground's saved work. Started like the playground (see main.ts).
import "./style.css";
import { loadFailed, startEarly, workerStarted } from "./start";

const params = new URLSearchParams(location.search);
const readOnly = ["1", "true", "yes", ""].includes(params.get("readonly") ?? "no");
const early = startEarly({ autosave: false });
workerStarted(early, 250)
  .then(() => import("./boot"))
  .then((m) => m.boot({ mode: "embed", readOnly, autosave: false }, early))
  .catch(loadFailed);
