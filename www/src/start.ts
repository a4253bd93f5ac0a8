// The first moments of a page, run by its small entry module before the big
// bundle (CodeMirror and the app) is even loaded: the engine worker starts,
// the state is read (link > saved work > default) and the first compile is
// posted at once, so the wasm core loads and compiles while the page is built.

import type { CompileRequest } from "./api";
import { CompileOutcome, Engine, WorkerLike } from "./engine";
import { KeyValueStore, startup, Startup } from "./persist";
import { compileRequest } from "./state";

/** A compile posted before the page was built. */
export interface FirstCompile {
  request: CompileRequest;
  outcome: Promise<CompileOutcome>;
}

export interface EarlyStart {
  engine: Engine;
  /** Where work is autosaved; null when the page does not save or the browser refuses. */
  storage: KeyValueStore | null;
  startup: Promise<Startup>;
  first: Promise<FirstCompile>;
}

function spawn(): WorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "clc-engine" }) as unknown as WorkerLike;
}

function localStorageIfAllowed(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem("clc-playground.probe");
    return s;
  } catch {
    return null;
  }
}

export function startEarly(options: { autosave: boolean }): EarlyStart {
  performance.mark("clc:entry");
  const engine = new Engine(spawn);
  const storage = options.autosave ? localStorageIfAllowed() : null;
  const boot = startup(location.hash, storage);
  // The first output panel is "Merged": no spec-3 view, no tables.
  const first = boot.then((s) => {
    const request = compileRequest(s.state, { spec3: false, tables: false });
    performance.mark("clc:first-compile-sent");
    const outcome = engine.compile(request);
    void outcome.then(() => performance.mark("clc:first-compile-back"));
    return { request, outcome };
  });
  return { engine, storage, startup: boot, first };
}

/**
 * Resolves once the engine's worker runs, or after `ms`. A worker starts only
 * when the page's main thread is free for a moment; loading the app bundle
 * (seconds of main-thread work on a slow machine) waits for it, so that the
 * core loads meanwhile instead of after.
 */
export function workerStarted(early: EarlyStart, ms: number): Promise<void> {
  return Promise.race([early.engine.started, new Promise<void>((resolve) => setTimeout(resolve, ms))]).then(() => {
    performance.mark("clc:worker-running");
  });
}

/** Says on the page that it did not load (the app bundle failed to load or start). */
export function loadFailed(e: unknown): void {
  console.error(e);
  const message = document.querySelector("#app .boot-message");
  if (message) message.textContent = `The playground did not load (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
}
