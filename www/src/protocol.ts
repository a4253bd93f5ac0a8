// The typed message protocol between the page and the engine worker.

import type { CompileRequest, CompileResponse, EngineMeta, WireImport } from "./api";

export type ToWorker =
  | { type: "compile"; id: number; request: CompileRequest }
  /** `fileName`: the file the text came from; the import's diagnostics name it. */
  | { type: "import"; id: number; text: string; fileName: string | null };

export type FromWorker =
  /** The worker runs (the core is still loading). */
  | { type: "started" }
  /** `marks`: the worker's start-up, as [name, ms since the epoch (timeOrigin + now)]. */
  | { type: "ready"; meta: EngineMeta; marks?: [string, number][] }
  | { type: "init-failed"; message: string }
  | { type: "compiled"; id: number; response: CompileResponse; ms: number }
  | { type: "imported"; id: number; result: WireImport }
  /** A call threw. `fatal`: the module trapped (a panic) and must be reloaded. */
  | { type: "failed"; id: number; message: string; fatal: boolean };
