// The embeddable page: `embed.html?readonly=1#v1.<state>`. It never touches
// the playground's saved work.
import { boot } from "./boot";

const params = new URLSearchParams(location.search);
const readOnly = ["1", "true", "yes", ""].includes(params.get("readonly") ?? "no");
void boot({ mode: "embed", readOnly, autosave: false });
