// The app bundle's side of a page start: builds the playground around the
// engine and first compile that the entry module started (start.ts), then
// registers the service worker.

import { Playground, PlaygroundOptions } from "./app";
import type { EarlyStart } from "./start";

declare global {
  interface Window {
    /** For tests and the bench script: the live state and timings. */
    clcPlayground?: Playground;
  }
}

export async function boot(options: Omit<PlaygroundOptions, "storage"> & { autosave: boolean }, early: EarlyStart): Promise<void> {
  performance.mark("clc:boot");
  const mount = document.getElementById("app");
  if (!mount) throw new Error("#app is missing");
  const app = new Playground(mount, early.engine, { mode: options.mode, readOnly: options.readOnly, storage: early.storage });
  window.clcPlayground = app;
  performance.mark("clc:app-built");
  if (options.autosave && !early.storage) app.notify("warning", "This browser blocks local storage here, so your work is not saved between visits.");
  // The service worker (and, on a first visit, its download of every file)
  // waits until the first output is shown, or a few seconds at most.
  const started = app.start(await early.startup, early.first);
  await Promise.race([started.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
  if (import.meta.env.PROD && "serviceWorker" in navigator) {
    offlineCopy().then(
      (status) => app.setOffline(status.ready ? "ready" : "incomplete", status),
      (e: unknown) => {
        console.warn("service worker not registered:", e);
        app.setOffline("unavailable", null);
      },
    );
  } else app.setOffline("unavailable", null);
  await started;
}

/** What the service worker reports about its copy of the app. */
export interface OfflineStatus {
  version: string;
  files: number;
  /** Files of the app that are not in the cache. */
  missing: string[];
  ready: boolean;
}

/**
 * Registers the service worker and resolves once it is active and says
 * whether every file of the app is in its cache. (It installs only after
 * storing them all; this asks instead of assuming.)
 */
async function offlineCopy(): Promise<OfflineStatus> {
  await navigator.serviceWorker.register("./sw.js", { scope: "./" });
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error("no active service worker");
  if (worker.state !== "activated") {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (worker.state === "activated") resolve();
        else if (worker.state === "redundant") reject(new Error("the service worker was replaced"));
        else return;
        worker.removeEventListener("statechange", check);
      };
      worker.addEventListener("statechange", check);
      check();
    });
  }
  return new Promise<OfflineStatus>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e: MessageEvent<OfflineStatus>) => {
      channel.port1.close();
      resolve(e.data);
    };
    worker.postMessage({ type: "clc-offline-status" }, [channel.port2]);
  });
}
