// The playground's state: what a share link carries and what autosave keeps.
// Plain data and pure functions, tested in state.test.ts.

import type { CompileRequest } from "./api";

export interface Snippet {
  name: string;
  text: string;
}

export interface PlaygroundState {
  /** A preset id, or null for no base config. */
  preset: string | null;
  /** A ct platform; null means "the preset's default", "" means none. */
  platform: string | null;
  strict: boolean;
  /** The user's snippets, in merge order. */
  snippets: Snippet[];
}

export const DEFAULT_SNIPPET_TEXT = `systemd:
  units:
    - name: helloworld.service
      dropins:
        - name: 10-helloworld.conf
          contents: |
            [Install]
            WantedBy=multi-user.target
`;

/** What a first visit shows. */
export function defaultState(): PlaygroundState {
  return {
    preset: "equinix-worker",
    platform: null,
    strict: false,
    snippets: [{ name: "helloworld", text: DEFAULT_SNIPPET_TEXT }],
  };
}

/** Limits on what the page accepts from links, storage and files. */
export const LIMITS = {
  /** Snippet tabs in one state. */
  maxSnippets: 1000,
  /** Characters of a snippet name. */
  maxNameLength: 200,
  /** UTF-16 units of one snippet (the core refuses documents over 16 MiB). */
  maxSnippetChars: 16 * 1024 * 1024,
  /** UTF-16 units of all snippets together. */
  maxTotalChars: 64 * 1024 * 1024,
};

export class StateError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks untrusted data (a decoded link, saved work) and returns a state,
 * or throws StateError saying what is wrong. Unknown fields are ignored.
 */
export function validateState(data: unknown): PlaygroundState {
  if (!isRecord(data)) throw new StateError("the state is not an object");
  const { preset, platform, strict, snippets } = data;
  if (preset !== null && preset !== undefined && typeof preset !== "string")
    throw new StateError("`preset` is not a string");
  if (platform !== null && platform !== undefined && typeof platform !== "string")
    throw new StateError("`platform` is not a string");
  if (strict !== undefined && typeof strict !== "boolean")
    throw new StateError("`strict` is not true or false");
  if (!Array.isArray(snippets)) throw new StateError("`snippets` is not a list");
  if (snippets.length > LIMITS.maxSnippets)
    throw new StateError(`${snippets.length} snippets (at most ${LIMITS.maxSnippets})`);
  let total = 0;
  const out: Snippet[] = snippets.map((s, i) => {
    if (!isRecord(s) || typeof s.name !== "string" || typeof s.text !== "string")
      throw new StateError(`snippet ${i + 1} is not a {name, text} pair`);
    if (s.text.length > LIMITS.maxSnippetChars)
      throw new StateError(`snippet ${i + 1} is over ${LIMITS.maxSnippetChars / 1048576} MiB`);
    total += s.text.length;
    return { name: s.name.slice(0, LIMITS.maxNameLength), text: s.text };
  });
  if (total > LIMITS.maxTotalChars) throw new StateError("the snippets are over 64 MiB together");
  return {
    preset: preset === undefined || preset === "" ? null : (preset as string | null),
    platform: platform === undefined ? null : (platform as string | null),
    strict: strict === true,
    snippets: out,
  };
}

/** Deep equality of two states (order of snippets matters). */
export function sameState(a: PlaygroundState, b: PlaygroundState): boolean {
  return (
    a.preset === b.preset &&
    a.platform === b.platform &&
    a.strict === b.strict &&
    a.snippets.length === b.snippets.length &&
    a.snippets.every((s, i) => s.name === b.snippets[i].name && s.text === b.snippets[i].text)
  );
}

/** Which of the costly parts of a compile an output panel shows. */
export interface Shown {
  spec3: boolean;
  tables: boolean;
}

/**
 * The engine's request for a state. The spec-3 view and the tables cost more
 * than the merge itself, so they are asked for only while shown.
 */
export function compileRequest(s: PlaygroundState, shown: Shown): CompileRequest {
  return {
    preset: s.preset,
    platform: s.platform,
    strict: s.strict,
    snippets: s.snippets,
    skipSpec3: !shown.spec3,
    skipTables: !shown.tables,
  };
}

/** Whether two requests ask for the same compile. */
export function sameRequest(a: CompileRequest, b: CompileRequest): boolean {
  return (
    (a.preset ?? null) === (b.preset ?? null) &&
    (a.platform ?? null) === (b.platform ?? null) &&
    !!a.strict === !!b.strict &&
    !!a.skipSpec3 === !!b.skipSpec3 &&
    !!a.skipTables === !!b.skipTables &&
    sameState({ preset: null, platform: null, strict: false, snippets: a.snippets }, { preset: null, platform: null, strict: false, snippets: b.snippets })
  );
}

/** Trims a proposed snippet name; returns an error message or the clean name. */
export function checkName(
  proposed: string,
  taken: Iterable<string>,
): { ok: true; name: string } | { ok: false; message: string } {
  const name = proposed.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (name === "") return { ok: false, message: "A snippet needs a name." };
  if (name.length > LIMITS.maxNameLength)
    return { ok: false, message: `Names are at most ${LIMITS.maxNameLength} characters.` };
  for (const t of taken) if (t === name) return { ok: false, message: `There is already a document named “${name}”.` };
  return { ok: true, name };
}

/** `base` → `base`, or `base (2)`, `base (3)`… whichever is free. */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let base = wanted.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, LIMITS.maxNameLength - 8);
  if (base === "") base = "snippet";
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!used.has(candidate)) return candidate;
  }
}

/** The next free `snippet-N` name. */
export function newSnippetName(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const candidate = `snippet-${i}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** Moves the element at `from` to `to` (both clamped), returning a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = items.slice();
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}
