// The playground page. This entry is small: it starts the engine and the
// first compile, then loads the app bundle (preloaded by the HTML).
import "./style.css";
import { loadFailed, startEarly, workerStarted } from "./start";

const early = startEarly({ autosave: true });
workerStarted(early, 250)
  .then(() => import("./boot"))
  .then((m) => m.boot({ mode: "full", readOnly: false, autosave: true }, early))
  .catch(loadFailed);
