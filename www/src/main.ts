import { boot } from "./boot";

void boot({ mode: "full", readOnly: false, autosave: true });
