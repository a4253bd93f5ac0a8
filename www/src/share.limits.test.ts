// The limits a share link meets, each at the limit and one past it: the
// fragment's length, the size it unpacks to, and the state's own limits.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, inflateRaw, MAX_FRAGMENT_CHARS, MAX_INFLATED_BYTES, SAFE_URL_CHARS, ShareError } from "./share";
import { LIMITS, validateState } from "./state";

/** Timeout of the tests that move tens of megabytes (a busy machine is slow). */
const HEAVY = 60_000;

async function outcome(p: Promise<unknown>): Promise<ShareError | "ok"> {
  try {
    await p;
    return "ok";
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return e as ShareError;
  }
}

/** A v1 fragment holding `json` exactly. */
function link(json: string): string {
  return `v1.${deflateRawSync(Buffer.from(json, "utf8")).toString("base64url")}`;
}

/** A state's JSON with an empty text, to fill up to a size. */
const SHELL = JSON.stringify({ preset: null, platform: null, strict: false, snippets: [{ name: "a", text: "" }] });

/** JSON of a state whose encoding is exactly `bytes` long. */
function stateJson(bytes: number): string {
  return SHELL.replace('"text":""', `"text":"${"x".repeat(bytes - SHELL.length)}"`);
}

describe("the constants", () => {
  it("are the documented sizes", () => {
    expect(MAX_FRAGMENT_CHARS).toBe(48 * 1024 * 1024);
    expect(MAX_INFLATED_BYTES).toBe(2 * LIMITS.maxTotalChars);
    expect(SAFE_URL_CHARS).toBe(2 * 1024 * 1024);
  });
});

describe("fragment length", () => {
  // Junk base64url of the right length: past the limit it is refused
  // unread; at the limit it is read (and found corrupt).
  const junk = (chars: number) => "v1." + "A".repeat(chars - 3);

  it("a fragment of exactly MAX_FRAGMENT_CHARS is read", async () => {
    const r = await outcome(decodeState(junk(MAX_FRAGMENT_CHARS)));
    expect(r).toBeInstanceOf(ShareError);
    expect((r as ShareError).kind).toBe("corrupt");
  }, HEAVY);

  it("one character more is refused before decoding", async () => {
    const t0 = performance.now();
    const r = await outcome(decodeState(junk(MAX_FRAGMENT_CHARS + 1)));
    expect((r as ShareError).kind).toBe("too-large");
    expect((r as ShareError).message).toMatch(/48\.0 MiB long/);
    expect(performance.now() - t0).toBeLessThan(1000);
  }, HEAVY);

  it("the leading # does not count", async () => {
    const r = await outcome(decodeState("#" + junk(MAX_FRAGMENT_CHARS)));
    expect((r as ShareError).kind).toBe("corrupt");
  }, HEAVY);
});

describe("unpacked size", () => {
  const LIMIT = 64 * 1024;

  it("a link unpacking to exactly the limit opens", async () => {
    const json = stateJson(LIMIT);
    expect(Buffer.byteLength(json)).toBe(LIMIT);
    const state = await decodeState(link(json), LIMIT);
    expect(state.snippets[0].text.length).toBe(LIMIT - SHELL.length);
  });

  it("one byte more is refused as too large", async () => {
    const r = await outcome(decodeState(link(stateJson(LIMIT + 1)), LIMIT));
    expect((r as ShareError).kind).toBe("too-large");
    expect((r as ShareError).message).toMatch(/unpacks to more than/);
  });

  it("inflateRaw itself stops at the byte", async () => {
    const packed = deflateRawSync(Buffer.alloc(100_000, 0x61));
    expect((await inflateRaw(packed, 100_000)).length).toBe(100_000);
    const r = await outcome(inflateRaw(packed, 99_999));
    expect((r as ShareError).kind).toBe("too-large");
  });

  it("the default limit lets a large state through", async () => {
    const json = stateJson(8 * 1024 * 1024);
    const state = await decodeState(link(json));
    expect(state.snippets[0].text.length).toBeGreaterThan(8_000_000);
  }, HEAVY);

  it("a bomb past the default limit stops there", async () => {
    // 128 MiB + 1 of spaces packs to about 130 KB.
    const bomb = deflateRawSync(Buffer.alloc(MAX_INFLATED_BYTES + 1, 0x20));
    const r = await outcome(decodeState(`v1.${bomb.toString("base64url")}`));
    expect((r as ShareError).kind).toBe("too-large");
  }, HEAVY);

  // A state within LIMITS can need more JSON than a link may unpack to:
  // LIMITS count UTF-16 units, and JSON needs up to 6 bytes for one
  // (`\u0000`). Such a link is refused when it is made, never made to fail
  // when it is opened.
  it("a state whose link data outgrows the unpack limit gets no link; one at the limit opens", async () => {
    const text = "\u0000".repeat(1000);
    const state = { preset: null, platform: null, strict: false, snippets: [{ name: "nul", text }] };
    expect(validateState(state)).toEqual(state);
    const size = new TextEncoder().encode(JSON.stringify(state)).length;
    expect(size).toBeGreaterThan(6 * text.length);
    const refused = await outcome(encodeState(state, size - 1));
    expect((refused as ShareError).kind).toBe("too-large");
    const fragment = await encodeState(state, size);
    expect(await decodeState(fragment, size)).toEqual(state);
  });

  it("(the same gap, small) a state of control characters outgrows twice its length", async () => {
    const text = "\u0000".repeat(10_000);
    const state = { preset: null, platform: null, strict: false, snippets: [{ name: "nul", text }] };
    expect(validateState(state)).toEqual(state);
    const json = JSON.stringify(state);
    expect(json.length).toBeGreaterThan(6 * text.length);
    const r = await outcome(decodeState(link(json), 2 * text.length));
    expect((r as ShareError).kind).toBe("too-large");
  });
});

describe("the state's limits, through a link", () => {
  const snippets = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, text: "" }));

  it(`${LIMITS.maxSnippets} snippets open, one more is refused`, async () => {
    const at = await decodeState(link(JSON.stringify({ snippets: snippets(LIMITS.maxSnippets) })));
    expect(at.snippets.length).toBe(LIMITS.maxSnippets);
    const r = await outcome(decodeState(link(JSON.stringify({ snippets: snippets(LIMITS.maxSnippets + 1) }))));
    expect((r as ShareError).kind).toBe("corrupt");
    expect((r as ShareError).message).toMatch(/1001 snippets \(at most 1000\)/);
  });

  it(`names keep ${LIMITS.maxNameLength} characters; longer ones are cut, not refused`, async () => {
    const name = (n: number) => "n".repeat(n);
    const at = await decodeState(link(JSON.stringify({ snippets: [{ name: name(LIMITS.maxNameLength), text: "" }] })));
    expect(at.snippets[0].name.length).toBe(LIMITS.maxNameLength);
    const past = await decodeState(link(JSON.stringify({ snippets: [{ name: name(LIMITS.maxNameLength + 1), text: "" }] })));
    expect(past.snippets[0].name).toBe(name(LIMITS.maxNameLength));
  });

  it("a snippet of exactly 16 Mi characters opens, one more is refused", async () => {
    const text = (n: number) => JSON.stringify({ snippets: [{ name: "big", text: "y".repeat(n) }] });
    const at = await decodeState(link(text(LIMITS.maxSnippetChars)));
    expect(at.snippets[0].text.length).toBe(LIMITS.maxSnippetChars);
    const r = await outcome(decodeState(link(text(LIMITS.maxSnippetChars + 1))));
    expect((r as ShareError).kind).toBe("corrupt");
    expect((r as ShareError).message).toMatch(/snippet 1 is over 16 MiB/);
  }, HEAVY);

  it("snippets of 64 Mi characters together are a state, one more is not", () => {
    // validateState directly: a link of this much text is over the
    // unpack limit anyway (see above).
    const big = "z".repeat(LIMITS.maxSnippetChars);
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `q${i}`, text: big }));
    expect(validateState({ snippets: four }).snippets.length).toBe(4);
    expect(() => validateState({ snippets: [...four, { name: "one more", text: "z" }] })).toThrow(/over 64 MiB together/);
  }, HEAVY);
});
