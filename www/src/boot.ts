// Starts a playground page: the engine worker, the app, the service worker.

import { Playground, PlaygroundOptions } from "./app";
import { Engine, WorkerLike } from "./engine";
import "./style.css";

declare global {
  interface Window {
    /** For tests and the bench script: the live state and timings. */
    clcPlayground?: Playground;
  }
}

function spawn(): WorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "clc-engine" }) as unknown as WorkerLike;
}

function storage(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem("clc-playground.probe");
    return s;
  } catch {
    return null;
  }
}

export async function boot(options: Omit<PlaygroundOptions, "storage"> & { autosave: boolean }): Promise<void> {
  const mount = document.getElementById("app");
  if (!mount) throw new Error("#app is missing");
  const engine = new Engine(spawn);
  const store = options.autosave ? storage() : null;
  const app = new Playground(mount, engine, { mode: options.mode, readOnly: options.readOnly, storage: store });
  window.clcPlayground = app;
  if (options.autosave && !store) app.notify("warning", "This browser blocks local storage here, so your work is not saved between visits.");
  const started = app.start(location.hash);
  if (import.meta.env.PROD && "serviceWorker" in navigator) {
    navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch((e: unknown) => {
      console.warn("service worker not registered:", e);
    });
  }
  await started;
}
