import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CompileResponse, EngineMeta } from "./api";
import { Engine, WorkerLike } from "./engine";
import type { FromWorker, ToWorker } from "./protocol";

const meta: EngineMeta = { version: "t", platforms: [], presets: [], defaults: null };
const response = (tag: string) => ({ merged: null, error: tag }) as unknown as CompileResponse;

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  postMessage(msg: ToWorker) {
    this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
  answer(index: number, tag = "r") {
    const m = this.sent[index];
    this.reply({ type: "compiled", id: m.id, response: response(tag), ms: 1 });
  }
}

describe("Engine", () => {
  let workers: FakeWorker[];
  let engine: Engine;
  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    engine = new Engine(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      { watchdogMs: 1000, now: () => Date.now() },
    );
    workers[0].reply({ type: "ready", meta });
  });
  afterEach(() => vi.useRealTimers());

  it("reports ready", async () => {
    expect(await engine.ready).toEqual(meta);
  });

  it("sends one compile at a time and drops the ones overtaken", async () => {
    const a = engine.compile({ snippets: [{ name: "a", text: "1" }] });
    const b = engine.compile({ snippets: [{ name: "a", text: "12" }] });
    const c = engine.compile({ snippets: [{ name: "a", text: "123" }] });
    expect(workers[0].sent.length).toBe(1);
    expect(await b).toEqual({ kind: "stale" });
    workers[0].answer(0, "first");
    expect(await a).toEqual({ kind: "stale" });
    expect(workers[0].sent.length).toBe(2);
    expect((workers[0].sent[1] as { request: { snippets: { text: string }[] } }).request.snippets[0].text).toBe("123");
    workers[0].answer(1, "last");
    const out = await c;
    expect(out.kind).toBe("done");
    expect(out.kind === "done" && out.response.error).toBe("last");
  });

  it("replaces a worker stuck on an old request", async () => {
    const a = engine.compile({ snippets: [] });
    const b = engine.compile({ snippets: [{ name: "b", text: "" }] });
    vi.advanceTimersByTime(1001);
    expect(workers[0].terminated).toBe(true);
    expect(workers.length).toBe(2);
    expect(await a).toEqual({ kind: "stale" });
    expect(workers[1].sent.length).toBe(1);
    workers[1].answer(0, "fresh");
    const out = await b;
    expect(out.kind === "done" && out.response.error).toBe("fresh");
    expect(engine.restarts).toBe(1);
  });

  it("a trap fails the request and starts a fresh worker", async () => {
    const a = engine.compile({ snippets: [] });
    workers[0].reply({ type: "failed", id: workers[0].sent[0].id, message: "unreachable", fatal: true });
    expect(await a).toEqual({ kind: "failed", message: "unreachable" });
    expect(workers.length).toBe(2);
    const b = engine.compile({ snippets: [] });
    workers[1].answer(0);
    expect((await b).kind).toBe("done");
  });

  it("imports survive a restart", async () => {
    const imp = engine.importLokocfg("x");
    engine.compile({ snippets: [] });
    const later = engine.compile({ snippets: [] });
    vi.advanceTimersByTime(1001);
    const resent = workers[1].sent.find((m) => m.type === "import")!;
    workers[1].reply({ type: "imported", id: resent.id, result: { snippets: [], diagnostics: [] } });
    expect(await imp).toEqual({ snippets: [], diagnostics: [] });
    workers[1].answer(workers[1].sent.findIndex((m) => m.type === "compile"));
    expect((await later).kind).toBe("done");
  });

  it("an import carries the file's name, or null for pasted text", async () => {
    const fromFile = engine.importLokocfg("x", "cluster.lokocfg");
    const pasted = engine.importLokocfg("y");
    expect(workers[0].sent.map((m) => m.type === "import" && [m.text, m.fileName])).toEqual([
      ["x", "cluster.lokocfg"],
      ["y", null],
    ]);
    for (const m of workers[0].sent) workers[0].reply({ type: "imported", id: m.id, result: { snippets: [], diagnostics: [] } });
    await Promise.all([fromFile, pasted]);
  });

  it("says when its worker runs, before the core is loaded", async () => {
    const w: FakeWorker[] = [];
    const e = new Engine(() => {
      const x = new FakeWorker();
      w.push(x);
      return x;
    });
    let started = false;
    void e.started.then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(false);
    w[0].reply({ type: "started" });
    await e.started;
    expect(started).toBe(true);
    // A worker that fails to load counts as started: nothing waits for it forever.
    const f = new Engine(() => {
      const x = new FakeWorker();
      w.push(x);
      return x;
    });
    w[1].reply({ type: "init-failed", message: "no wasm" });
    await f.started;
  });

  it("a core that does not load fails every call", async () => {
    const w: FakeWorker[] = [];
    const e = new Engine(() => {
      const x = new FakeWorker();
      w.push(x);
      return x;
    });
    w[0].reply({ type: "init-failed", message: "no wasm" });
    await expect(e.ready).rejects.toThrow("no wasm");
    expect(await e.compile({ snippets: [] })).toEqual({ kind: "failed", message: "no wasm" });
  });
});
