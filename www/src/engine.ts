// The page's side of the engine worker: latest-request-wins compiles (stale
// results are dropped), a watchdog that replaces a worker stuck on an old
// request, and a fresh worker after a trap.

import type { CompileRequest, CompileResponse, EngineMeta, WireImport } from "./api";
import type { FromWorker, ToWorker } from "./protocol";

/** A Performance API mark (`clc:…`) for the start-up timeline; scripts/bench-web reads them. */
function mark(name: string, startTime?: number): void {
  performance.mark(name, startTime === undefined ? undefined : { startTime });
}

export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: Event) => void) | null;
}

export type CompileOutcome =
  | { kind: "done"; response: CompileResponse; ms: number; roundTripMs: number }
  | { kind: "stale" }
  | { kind: "failed"; message: string };

interface Job {
  id: number;
  request: CompileRequest;
  sentAt: number;
  resolve: (o: CompileOutcome) => void;
}

interface Call {
  msg: ToWorker;
  resolve: (r: WireImport) => void;
  reject: (e: Error) => void;
}

export interface EngineOptions {
  /** A newer request waits at most this long for a busy worker before it is replaced. */
  watchdogMs: number;
  now: () => number;
}

export class Engine {
  readonly ready: Promise<EngineMeta>;
  /** The first worker runs (or failed to start). */
  readonly started: Promise<void>;
  private resolveStarted!: () => void;
  /** Workers started after the first (watchdog or trap). */
  restarts = 0;
  private resolveReady!: (m: EngineMeta) => void;
  private rejectReady!: (e: Error) => void;
  private isReady = false;
  private dead: string | null = null;
  private worker!: WorkerLike;
  private nextId = 1;
  private latestCompile = 0;
  private inflight: Job | null = null;
  private pending: Job | null = null;
  private calls = new Map<number, Call>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failuresInARow = 0;
  private readonly options: EngineOptions;

  constructor(
    private readonly spawn: () => WorkerLike,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { watchdogMs: 2500, now: () => performance.now(), ...options };
    this.ready = new Promise<EngineMeta>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.started = new Promise<void>((resolve) => (this.resolveStarted = resolve));
    void this.ready.then(this.resolveStarted, this.resolveStarted);
    this.start();
  }

  /** Compiles; resolves `stale` if a newer compile was asked for meanwhile. */
  compile(request: CompileRequest): Promise<CompileOutcome> {
    const id = this.nextId++;
    this.latestCompile = id;
    return new Promise<CompileOutcome>((resolve) => {
      if (this.dead !== null) {
        resolve({ kind: "failed", message: this.dead });
        return;
      }
      const job: Job = { id, request, sentAt: 0, resolve };
      if (this.pending) this.pending.resolve({ kind: "stale" });
      this.pending = null;
      if (!this.inflight) this.send(job);
      else {
        this.pending = job;
        this.armWatchdog();
      }
    });
  }

  /** Snippets of a .lokocfg; `fileName` (of an opened or dropped file) names the document of its diagnostics. */
  importLokocfg(text: string, fileName: string | null = null): Promise<WireImport> {
    const id = this.nextId++;
    return new Promise<WireImport>((resolve, reject) => {
      if (this.dead !== null) {
        reject(new Error(this.dead));
        return;
      }
      const msg: ToWorker = { type: "import", id, text, fileName };
      this.calls.set(id, { msg, resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  terminate(): void {
    this.clearWatchdog();
    this.worker.terminate();
    this.die("the engine was stopped");
  }

  private start(): void {
    mark("clc:engine-spawn");
    const w = this.spawn();
    this.worker = w;
    w.onmessage = (e) => {
      if (this.worker === w) this.onMessage(e.data);
    };
    w.onerror = (e) => {
      if (this.worker !== w) return;
      e.preventDefault?.();
      const message = (e as ErrorEvent).message || "the engine worker did not start";
      if (!this.isReady) {
        this.rejectReady(new Error(message));
        this.die(message);
      } else this.restart(message);
    };
  }

  private send(job: Job): void {
    this.inflight = job;
    job.sentAt = this.options.now();
    this.worker.postMessage({ type: "compile", id: job.id, request: job.request });
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.type) {
      case "started":
        this.resolveStarted();
        return;
      case "ready":
        if (!this.isReady) {
          this.isReady = true;
          mark("clc:engine-ready");
          for (const [name, at] of msg.marks ?? []) mark(`clc:worker-${name}`, at - performance.timeOrigin);
          this.resolveReady(msg.meta);
        }
        return;
      case "init-failed":
        if (!this.isReady) this.rejectReady(new Error(msg.message));
        this.die(msg.message);
        return;
      case "compiled": {
        const job = this.inflight;
        if (!job || job.id !== msg.id) return;
        this.failuresInARow = 0;
        this.finishInflight(
          job.id === this.latestCompile
            ? { kind: "done", response: msg.response, ms: msg.ms, roundTripMs: this.options.now() - job.sentAt }
            : { kind: "stale" },
        );
        return;
      }
      case "imported": {
        const call = this.calls.get(msg.id);
        if (!call) return;
        this.calls.delete(msg.id);
        call.resolve(msg.result);
        return;
      }
      case "failed": {
        const call = this.calls.get(msg.id);
        if (call) {
          this.calls.delete(msg.id);
          call.reject(new Error(msg.message));
        }
        if (this.inflight && this.inflight.id === msg.id) {
          const job = this.inflight;
          this.inflight = null;
          job.resolve({ kind: "failed", message: msg.message });
        }
        if (msg.fatal) this.restart(msg.message);
        else this.sendPending();
        return;
      }
    }
  }

  private finishInflight(outcome: CompileOutcome): void {
    const job = this.inflight;
    this.inflight = null;
    this.clearWatchdog();
    job?.resolve(outcome);
    this.sendPending();
  }

  private sendPending(): void {
    if (this.inflight || !this.pending) return;
    const next = this.pending;
    this.pending = null;
    this.send(next);
  }

  private armWatchdog(): void {
    if (this.timer !== null || !this.inflight) return;
    const wait = Math.max(0, this.inflight.sentAt + this.options.watchdogMs - this.options.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending && this.inflight) this.restart(null);
    }, wait);
  }

  private clearWatchdog(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Replaces the worker: a stuck request is dropped, a trap is reported. */
  private restart(reason: string | null): void {
    this.clearWatchdog();
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    if (reason !== null && ++this.failuresInARow > 3) {
      this.die(`the engine keeps failing: ${reason}`);
      return;
    }
    this.restarts++;
    const stuck = this.inflight;
    this.inflight = null;
    stuck?.resolve(reason === null ? { kind: "stale" } : { kind: "failed", message: reason });
    this.start();
    for (const call of this.calls.values()) this.worker.postMessage(call.msg);
    this.sendPending();
  }

  private die(message: string): void {
    this.dead = message;
    this.inflight?.resolve({ kind: "failed", message });
    this.pending?.resolve({ kind: "failed", message });
    this.inflight = this.pending = null;
    for (const call of this.calls.values()) call.reject(new Error(message));
    this.calls.clear();
  }
}
