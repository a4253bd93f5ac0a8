// Share links: the whole state in the URL fragment, compressed and versioned.
//
// Format v1 (frozen; share.test.ts holds links that must keep opening):
//   `v1.` + base64url, no padding, of
//   deflate-raw( UTF-8( JSON {"preset": string|null, "platform": string|null,
//                             "strict": boolean, "snippets": [{"name", "text"}]} ) )
// A later format gets a new prefix (`v2.`); this module keeps decoding v1.

import { LIMITS, PlaygroundState, StateError, validateState } from "./state";

export const CURRENT_VERSION = 1;

/** Over this many characters a fragment is not even looked at. */
export const MAX_FRAGMENT_CHARS = 48 * 1024 * 1024;
/** Most bytes a link may inflate to (a zip bomb stops here). */
export const MAX_INFLATED_BYTES = 2 * LIMITS.maxTotalChars;
/** Browsers stop opening URLs somewhere past this (Chromium: 2 MiB). */
export const SAFE_URL_CHARS = 2 * 1024 * 1024;

export type ShareErrorKind = "version" | "corrupt" | "too-large";

export class ShareError extends Error {
  constructor(
    readonly kind: ShareErrorKind,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- base64url

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk: string[] = [];
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < n ? bytes[i + 1] : 0;
    const b2 = i + 2 < n ? bytes[i + 2] : 0;
    chunk.push(ALPHABET[b0 >> 2], ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]);
    if (i + 1 < n) chunk.push(ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]);
    if (i + 2 < n) chunk.push(ALPHABET[b2 & 63]);
    if (chunk.length >= 8192) {
      parts.push(chunk.join(""));
      chunk = [];
    }
  }
  parts.push(chunk.join(""));
  return parts.join("");
}

export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ShareError("corrupt", "the link's data is cut off");
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) throw new ShareError("corrupt", `the link contains a character that is not base64url at position ${i + 1}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

// ------------------------------------------------------------- compression

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ShareError("too-large", `the link unpacks to more than ${Math.round(limit / 1048576)} MiB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      // Feed in pieces so a huge input never sits in one queue entry.
      const step = 1 << 20;
      for (let i = 0; i < bytes.length; i += step) controller.enqueue(bytes.subarray(i, i + step));
      controller.close();
    },
  });
}

type Transform = ReadableWritablePair<Uint8Array, Uint8Array>;

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pump(streamOf(bytes).pipeThrough(new CompressionStream("deflate-raw") as unknown as Transform), Infinity);
}

export async function inflateRaw(bytes: Uint8Array, limit = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  try {
    return await pump(streamOf(bytes).pipeThrough(new DecompressionStream("deflate-raw") as unknown as Transform), limit);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError("corrupt", "the link's data does not unpack (it may be cut off or altered)");
  }
}

// ------------------------------------------------------------------- links

/** The fragment (without `#`) for a state: `v1.<base64url>`. */
export async function encodeState(state: PlaygroundState, inflateLimit = MAX_INFLATED_BYTES): Promise<string> {
  const json = JSON.stringify({
    preset: state.preset,
    platform: state.platform,
    strict: state.strict,
    snippets: state.snippets.map((s) => ({ name: s.name, text: s.text })),
  });
  const bytes = new TextEncoder().encode(json);
  // A link must open where it was made: text full of characters JSON
  // escapes (`\u0000` is 6 bytes) can outgrow what a link may unpack to
  // while staying within the state's own limits.
  if (bytes.length > inflateLimit)
    throw new ShareError(
      "too-large",
      `the work is ${(bytes.length / 1048576).toFixed(1)} MiB as link data, more than a link may hold (${(inflateLimit / 1048576).toFixed(0)} MiB)`,
    );
  const packed = await deflateRaw(bytes);
  return `v${CURRENT_VERSION}.${toBase64Url(packed)}`;
}

/** Whether a fragment looks like a playground link at all (`v<N>.…`). */
export function isShareFragment(fragment: string): boolean {
  return /^v\d+\./.test(fragment.replace(/^#/, ""));
}

/**
 * Decodes a fragment made by `encodeState` (with or without `#`). Throws
 * ShareError with a message for the person who opened the link.
 */
export async function decodeState(fragment: string, inflateLimit = MAX_INFLATED_BYTES): Promise<PlaygroundState> {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text.length > MAX_FRAGMENT_CHARS)
    throw new ShareError("too-large", `the link is ${(text.length / 1048576).toFixed(1)} MiB long, more than this page reads`);
  const m = /^v(\d{1,6})\./.exec(text);
  if (!m) throw new ShareError("corrupt", "it is not a playground link (it should start with “#v1.”)");
  const version = Number(m[1]);
  if (version !== CURRENT_VERSION)
    throw new ShareError(
      "version",
      version > CURRENT_VERSION
        ? `it was made by a newer playground (link format v${version}); this page opens v${CURRENT_VERSION} links — reload to get the newest version`
        : `its format v${version} is unknown to this page`,
    );
  const payload = text.slice(m[0].length);
  if (payload === "") throw new ShareError("corrupt", "the link has no data after “v1.”");
  const inflated = await inflateRaw(fromBase64Url(payload), inflateLimit);
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    throw new ShareError("corrupt", "the link's data is not text");
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ShareError("corrupt", "the link's data is not valid JSON");
  }
  try {
    return validateState(data);
  } catch (e) {
    if (e instanceof StateError) throw new ShareError("corrupt", `the link's data is not a playground state: ${e.message}`);
    throw e;
  }
}

/** A full URL for `page` (e.g. `index.html`, `embed.html?readonly=1`) with the state. */
export async function shareUrl(base: string, state: PlaygroundState): Promise<string> {
  const url = new URL(base);
  url.hash = await encodeState(state);
  return url.toString();
}
