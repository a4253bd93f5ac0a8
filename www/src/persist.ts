// Autosave: the user's work in localStorage, with a size guard, and the
// precedence at start-up: a link, then saved work, then the default example.

import { decodeState, isShareFragment, ShareError } from "./share";
import { defaultState, PlaygroundState, sameState, validateState } from "./state";

export const STORAGE_KEY = "clc-playground.work.v1";
/** Saved work a shared link replaced, so it can be restored. */
export const BACKUP_KEY = "clc-playground.previous.v1";
/** Saved data that could not be read; kept rather than overwritten. */
export const UNREADABLE_KEY = "clc-playground.unreadable.v1";
/**
 * Most UTF-16 units written to one key. Browsers give an origin about 5 M
 * units in all; staying under half leaves room for the backup slot.
 */
export const MAX_SAVED_CHARS = 2_500_000;

/** The part of Web Storage this module uses (a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedWork {
  state: PlaygroundState;
  /** Index of the snippet tab that was open. */
  active: number;
  savedAt: number;
}

export type SaveResult =
  | { status: "saved"; chars: number }
  | { status: "too-large"; chars: number }
  | { status: "failed"; message: string };

export function serialize(work: SavedWork): string {
  return JSON.stringify({ format: 1, savedAt: work.savedAt, active: work.active, state: work.state });
}

export function save(store: KeyValueStore, work: SavedWork, key = STORAGE_KEY): SaveResult {
  const text = serialize(work);
  if (text.length > MAX_SAVED_CHARS) return { status: "too-large", chars: text.length };
  try {
    store.setItem(key, text);
    return { status: "saved", chars: text.length };
  } catch (e) {
    return { status: "failed", message: e instanceof Error ? e.message : String(e) };
  }
}

export function parseSaved(text: string): SavedWork {
  const data = JSON.parse(text) as { format?: unknown; state?: unknown; active?: unknown; savedAt?: unknown };
  if (data === null || typeof data !== "object" || data.format !== 1) throw new Error("unknown saved format");
  const state = validateState(data.state);
  const active = typeof data.active === "number" && Number.isInteger(data.active) ? data.active : 0;
  const savedAt = typeof data.savedAt === "number" ? data.savedAt : 0;
  return { state, active: Math.max(0, Math.min(active, state.snippets.length - 1)), savedAt };
}

export type LoadResult = { work: SavedWork } | { none: true } | { unreadable: string };

export function load(store: KeyValueStore, key = STORAGE_KEY): LoadResult {
  let text: string | null;
  try {
    text = store.getItem(key);
  } catch (e) {
    return { unreadable: e instanceof Error ? e.message : String(e) };
  }
  if (text === null) return { none: true };
  try {
    return { work: parseSaved(text) };
  } catch (e) {
    // Keep the unreadable data aside so autosave never destroys it.
    try {
      store.setItem(UNREADABLE_KEY, text);
    } catch {
      /* nothing more to do */
    }
    return { unreadable: e instanceof Error ? e.message : String(e) };
  }
}

export type Source = "link" | "saved" | "default";

export interface Notice {
  level: "error" | "warning" | "info";
  text: string;
  /** An offer to bring back the saved work a link replaced. */
  restoreBackup?: boolean;
}

export interface Startup {
  state: PlaygroundState;
  active: number;
  source: Source;
  notices: Notice[];
  /** A link was read (good or bad): the fragment should be cleared. */
  consumedFragment: boolean;
}

/**
 * What the page opens with: a link > saved work > the default example.
 * A good link that differs from the saved work moves that work to the
 * backup slot; a bad link leaves the saved work alone and says why.
 */
export async function startup(fragment: string, store: KeyValueStore | null): Promise<Startup> {
  const notices: Notice[] = [];
  const saved = store ? load(store) : ({ none: true } as LoadResult);
  if ("unreadable" in saved)
    notices.push({
      level: "warning",
      text: `Your saved work could not be read (${saved.unreadable}); it was kept aside under “${UNREADABLE_KEY}” in this browser's storage.`,
    });
  let consumedFragment = false;
  const fallback = (): Startup =>
    "work" in saved
      ? { state: saved.work.state, active: saved.work.active, source: "saved", notices, consumedFragment }
      : { state: defaultState(), active: 0, source: "default", notices, consumedFragment };

  const frag = fragment.replace(/^#/, "");
  if (frag === "") return fallback();
  consumedFragment = true;
  if (!isShareFragment(frag) && frag.length < 64 && /^[\w-]*$/.test(frag)) {
    // An ordinary in-page anchor, not a link to a state.
    consumedFragment = false;
    return fallback();
  }
  try {
    const state = await decodeState(frag);
    if ("work" in saved && !sameState(saved.work.state, state) && store) {
      const kept = save(store, saved.work, BACKUP_KEY);
      notices.push(
        kept.status === "saved"
          ? { level: "info", text: "Opened a shared link. Your previous work is kept.", restoreBackup: true }
          : { level: "warning", text: "Opened a shared link. Your previous work was too large to keep a copy of; it is replaced once you edit." },
      );
    } else {
      notices.push({ level: "info", text: "Opened a shared link." });
    }
    return { state, active: 0, source: "link", notices, consumedFragment };
  } catch (e) {
    const why = e instanceof ShareError || e instanceof Error ? e.message : String(e);
    const kept = "work" in saved ? " Your saved work is shown instead; it was not changed." : "";
    notices.push({ level: "error", text: `This link could not be opened: ${why}.${kept}` });
    return fallback();
  }
}

/** The saved work a link replaced, if any. */
export function loadBackup(store: KeyValueStore): SavedWork | null {
  const r = load(store, BACKUP_KEY);
  return "work" in r ? r.work : null;
}
