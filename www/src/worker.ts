// The engine: the wasm core in a module Web Worker, so the page never blocks.
// The module is fetched and instantiated (streaming) as soon as the worker
// starts; requests that arrive meanwhile wait for it.

import init, * as core from "../pkg/clc_wasm.js";
import wasmUrl from "../pkg/clc_wasm_bg.wasm?url";
import type { Defaults, EngineMeta } from "./api";
import type { FromWorker, ToWorker } from "./protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The worker's start-up, reported with `ready`: [name, ms since the epoch]. */
const marks: [string, number][] = [["created", performance.timeOrigin]];
const mark = (name: string) => marks.push([name, performance.timeOrigin + performance.now()]);
mark("start");

function post(msg: FromWorker): void {
  scope.postMessage(msg);
}
post({ type: "started" });

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const ready: Promise<boolean> = init({ module_or_path: wasmUrl }).then(
  () => {
    mark("instantiated");
    const anyCore = core as unknown as { defaults?: () => Defaults };
    const meta: EngineMeta = {
      version: core.version(),
      platforms: core.platforms(),
      presets: core.presets(),
      defaults: typeof anyCore.defaults === "function" ? anyCore.defaults() : null,
    };
    mark("ready");
    post({ type: "ready", meta, marks });
    return true;
  },
  (e: unknown) => {
    post({ type: "init-failed", message: `the WebAssembly core did not load: ${messageOf(e)}` });
    return false;
  },
);

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (!(await ready)) {
    post({ type: "failed", id: msg.id, message: "the WebAssembly core is not loaded", fatal: true });
    return;
  }
  try {
    switch (msg.type) {
      case "compile": {
        const t0 = performance.now();
        const response = core.compile(msg.request);
        post({ type: "compiled", id: msg.id, response, ms: performance.now() - t0 });
        break;
      }
      case "import":
        post({ type: "imported", id: msg.id, result: core.importLokocfg(msg.text, msg.fileName) });
        break;
    }
  } catch (e) {
    // A RuntimeError is a trap (a Rust panic): the instance is not to be trusted any more.
    post({ type: "failed", id: msg.id, message: messageOf(e), fatal: e instanceof WebAssembly.RuntimeError });
  }
};
