// Properties of share links over generated states and generated garbage,
// from a seeded generator (the same cases every run; a failure names its
// seed and case).
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, fromBase64Url, isShareFragment, ShareError, toBase64Url } from "./share";
import { LIMITS, PlaygroundState, validateState } from "./state";

/** mulberry32: a small, well-mixed 32-bit generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(): boolean {
    return this.next() < 0.5;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  /** One UTF-16 unit or code point from a mix that breaks naive code. */
  char(): string {
    switch (this.int(0, 9)) {
      case 0:
        return this.pick(["\n", "\r\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "\u2028", "\u2029", "\ufeff"]);
      case 1:
        return String.fromCodePoint(this.int(0x80, 0x7ff));
      case 2:
        return String.fromCodePoint(this.int(0x800, 0xd7ff));
      case 3:
        return String.fromCodePoint(this.int(0x10000, 0x10ffff));
      case 4:
        // A lone surrogate: a JS string may hold one; JSON escapes it.
        return String.fromCharCode(this.int(0xd800, 0xdfff));
      case 5:
        return this.pick(['"', "\\", "<", ">", "&", "'", "`", "$", "{", "}", "%", "#", "/", "?"]);
      default:
        return String.fromCharCode(this.int(0x20, 0x7e));
    }
  }
  text(max: number): string {
    const n = this.int(0, max);
    let s = "";
    for (let i = 0; i < n; i++) s += this.char();
    return s;
  }
  state(): PlaygroundState {
    const snippets = Array.from({ length: this.int(0, 12) }, () => ({
      name: this.text(this.bool() ? 20 : 260).slice(0, LIMITS.maxNameLength),
      text: this.bool() ? this.text(300) : this.text(3).repeat(this.int(0, 2000)),
    }));
    return {
      preset: this.bool() ? null : this.pick(["equinix-worker", "aws-controller", "x"]) + this.text(5),
      platform: this.pick([null, "", "ec2", "packet", this.text(8)]),
      strict: this.bool(),
      snippets,
    };
  }
  bytes(max: number): Uint8Array {
    return Uint8Array.from({ length: this.int(0, max) }, () => this.int(0, 255));
  }
}

/** What validateState makes of a state: the same, but "" presets read as none. */
function normalised(s: PlaygroundState): PlaygroundState {
  return { ...s, preset: s.preset === "" ? null : s.preset };
}

/** Decodes; the only way to fail is a ShareError. */
async function decodeOrShareError(fragment: string, limit?: number): Promise<PlaygroundState | ShareError> {
  try {
    return await decodeState(fragment, limit);
  } catch (e) {
    if (e instanceof ShareError) {
      expect(["version", "corrupt", "too-large"]).toContain(e.kind);
      expect(e.message.length).toBeGreaterThan(0);
      return e;
    }
    throw new Error(`not a ShareError: ${String(e)} for ${JSON.stringify(fragment.slice(0, 80))}`);
  }
}

const SEEDS = Array.from({ length: 8 }, (_, i) => 0x5eed + i * 7919);

describe("round trips", { timeout: 30_000 }, () => {
  for (const seed of SEEDS) {
    it(`generated states survive a link (seed ${seed})`, async () => {
      const g = new Gen(seed);
      for (let k = 0; k < 12; k++) {
        const state = g.state();
        const fragment = await encodeState(state);
        expect(fragment, `case ${k}`).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
        expect(isShareFragment(fragment)).toBe(true);
        expect(isShareFragment(`#${fragment}`)).toBe(true);
        expect(await decodeState(fragment), `case ${k}`).toEqual(normalised(state));
        expect(await decodeState(`#${fragment}`), `case ${k}`).toEqual(normalised(state));
        // Encoding is a function of the state.
        expect(await encodeState(state)).toBe(fragment);
        // A decoded state encodes to a link that opens to itself.
        const again = await encodeState(await decodeState(fragment));
        expect(await decodeState(again)).toEqual(normalised(state));
      }
    });
  }

  it("validateState is idempotent on generated states", () => {
    const g = new Gen(42);
    for (let k = 0; k < 200; k++) {
      const once = validateState(g.state());
      expect(validateState(once)).toEqual(once);
    }
  });

  it("base64url round-trips any bytes and matches Node's encoder", () => {
    const g = new Gen(7);
    for (let k = 0; k < 300; k++) {
      const bytes = g.bytes(k < 200 ? 40 : 5000);
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64url"));
      expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
    }
  });

  it("fromBase64Url reads any base64url text whose length is not 1 mod 4", () => {
    const g = new Gen(8);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let k = 0; k < 300; k++) {
      let text = "";
      for (let n = g.int(0, 64); n > 0; n--) text += alphabet[g.int(0, 63)];
      if (text.length % 4 === 1) {
        expect(() => fromBase64Url(text)).toThrow(ShareError);
      } else {
        expect(fromBase64Url(text).length).toBe(Math.floor((text.length * 3) / 4));
      }
    }
  });
});

describe("garbage never escapes as anything but a ShareError", { timeout: 30_000 }, () => {
  it("random text", async () => {
    const g = new Gen(1);
    for (let k = 0; k < 300; k++) {
      const prefix = g.pick(["", "#", "v1.", "#v1.", "v2.", "v0.", "v1", "v01.", "v999999.", "v1234567."]);
      const r = await decodeOrShareError(prefix + g.text(80));
      if (!(r instanceof ShareError)) expect(validateState(r)).toEqual(r);
    }
  });

  it("random base64url payloads", async () => {
    const g = new Gen(2);
    for (let k = 0; k < 300; k++) {
      const r = await decodeOrShareError(`v1.${toBase64Url(g.bytes(200))}`);
      expect(r).toBeInstanceOf(ShareError);
    }
  });

  it("random bytes, JSON and near-states, properly deflated", async () => {
    const g = new Gen(3);
    const payloads = (): string => {
      switch (g.int(0, 4)) {
        case 0:
          return Buffer.from(g.bytes(300)).toString("latin1");
        case 1:
          return g.text(100);
        case 2:
          return JSON.stringify(g.pick([null, 1, "s", [], {}, { snippets: g.text(5) }, { snippets: [g.text(3)] }]));
        case 3: {
          // A real state with one field of the wrong type.
          const s: Record<string, unknown> = { ...g.state() };
          s[g.pick(["preset", "platform", "strict", "snippets"])] = g.pick([7, "x", [], {}, true]);
          return JSON.stringify(s);
        }
        default:
          return JSON.stringify(g.state());
      }
    };
    for (let k = 0; k < 300; k++) {
      const json = payloads();
      const fragment = `v1.${deflateRawSync(Buffer.from(json, "latin1")).toString("base64url")}`;
      const r = await decodeOrShareError(fragment);
      if (!(r instanceof ShareError)) expect(validateState(r)).toEqual(r);
    }
  });

  it("real links, damaged", async () => {
    const g = new Gen(4);
    for (let k = 0; k < 150; k++) {
      const fragment = await encodeState(g.state());
      let damaged = fragment;
      for (let edits = g.int(1, 4); edits > 0; edits--) {
        const at = g.int(0, damaged.length);
        switch (g.int(0, 3)) {
          case 0:
            damaged = damaged.slice(0, at) + damaged.slice(at + 1);
            break;
          case 1:
            damaged = damaged.slice(0, at) + g.char() + damaged.slice(at);
            break;
          case 2:
            damaged = damaged.slice(0, at);
            break;
          default:
            damaged = damaged.slice(0, at) + g.pick(["A", "_", "-", "z"]) + damaged.slice(at + 1);
        }
      }
      const r = await decodeOrShareError(damaged);
      // A damaged link that still decodes yields a valid state.
      if (!(r instanceof ShareError)) expect(validateState(r)).toEqual(r);
    }
  });

  it("bombs stop at whatever limit is given", async () => {
    const g = new Gen(5);
    for (let k = 0; k < 20; k++) {
      const size = g.int(1, 200_000);
      const limit = g.int(1, 200_000);
      const fragment = `v1.${deflateRawSync(Buffer.alloc(size, g.pick([0x20, 0x7b, 0x00]))).toString("base64url")}`;
      const r = await decodeOrShareError(fragment, limit);
      expect(r).toBeInstanceOf(ShareError);
      expect((r as ShareError).kind).toBe(size > limit ? "too-large" : "corrupt");
    }
  });
});
