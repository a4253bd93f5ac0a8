import { describe, expect, it } from "vitest";
import { BACKUP_KEY, KeyValueStore, load, loadBackup, MAX_SAVED_CHARS, save, startup, STORAGE_KEY, UNREADABLE_KEY } from "./persist";
import { encodeState } from "./share";
import { defaultState, PlaygroundState } from "./state";

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const mine: PlaygroundState = { preset: null, platform: "ec2", strict: true, snippets: [{ name: "mine", text: "passwd: {}\n" }] };
const theirs: PlaygroundState = { preset: "aws-worker", platform: null, strict: false, snippets: [{ name: "theirs", text: "a: 1\n" }] };

function storeWith(state: PlaygroundState, active = 0): MemoryStore {
  const s = new MemoryStore();
  expect(save(s, { state, active, savedAt: 1 }).status).toBe("saved");
  return s;
}

describe("save and load", () => {
  it("round trip", () => {
    const s = storeWith(mine);
    const r = load(s);
    expect("work" in r && r.work.state).toEqual(mine);
  });
  it("nothing saved", () => {
    expect(load(new MemoryStore())).toEqual({ none: true });
  });
  it("too large is refused before writing", () => {
    const s = new MemoryStore();
    const big = { ...mine, snippets: [{ name: "big", text: "x".repeat(MAX_SAVED_CHARS) }] };
    expect(save(s, { state: big, active: 0, savedAt: 0 }).status).toBe("too-large");
    expect(s.data.size).toBe(0);
  });
  it("a full storage is reported", () => {
    const s = new MemoryStore();
    s.quota = 10;
    const r = save(s, { state: mine, active: 0, savedAt: 0 });
    expect(r.status).toBe("failed");
  });
  it("unreadable data is kept aside", () => {
    const s = new MemoryStore();
    s.data.set(STORAGE_KEY, "{not json");
    expect("unreadable" in load(s)).toBe(true);
    expect(s.data.get(UNREADABLE_KEY)).toBe("{not json");
  });
  it("the active tab is clamped", () => {
    const s = storeWith(mine, 40);
    const r = load(s);
    expect("work" in r && r.work.active).toBe(0);
  });
});

describe("startup precedence: link > saved > default", () => {
  it("default on a first visit", async () => {
    const r = await startup("", new MemoryStore());
    expect(r.source).toBe("default");
    expect(r.state).toEqual(defaultState());
  });
  it("default without storage", async () => {
    expect((await startup("", null)).source).toBe("default");
  });
  it("saved work over the default", async () => {
    const r = await startup("", storeWith(mine));
    expect(r.source).toBe("saved");
    expect(r.state).toEqual(mine);
  });
  it("a link over saved work, which is kept as the backup", async () => {
    const s = storeWith(mine);
    const r = await startup("#" + (await encodeState(theirs)), s);
    expect(r.source).toBe("link");
    expect(r.state).toEqual(theirs);
    expect(r.consumedFragment).toBe(true);
    expect(loadBackup(s)?.state).toEqual(mine);
    expect(r.notices.some((n) => n.restoreBackup)).toBe(true);
    // The saved work itself is untouched until the page saves again.
    const saved = load(s);
    expect("work" in saved && saved.work.state).toEqual(mine);
  });
  it("a link equal to the saved work needs no backup", async () => {
    const s = storeWith(mine);
    await startup(await encodeState(mine), s);
    expect(s.getItem(BACKUP_KEY)).toBeNull();
  });
  it("a corrupt link leaves saved work alone and says why", async () => {
    const s = storeWith(mine);
    const before = new Map(s.data);
    const r = await startup("#v1.garbage!!", s);
    expect(r.source).toBe("saved");
    expect(r.state).toEqual(mine);
    expect(r.notices[0].level).toBe("error");
    expect(r.notices[0].text).toMatch(/could not be opened/);
    expect(r.notices[0].text).toMatch(/saved work is shown/);
    expect(s.data).toEqual(before);
  });
  it("a link of an unknown version", async () => {
    const r = await startup("#v9.AAAA", new MemoryStore());
    expect(r.source).toBe("default");
    expect(r.notices[0].text).toMatch(/newer playground/);
  });
  it("an ordinary anchor is not a link", async () => {
    const r = await startup("#top", storeWith(mine));
    expect(r.source).toBe("saved");
    expect(r.notices).toEqual([]);
    expect(r.consumedFragment).toBe(false);
  });
  it("1 MB of garbage", async () => {
    const r = await startup("#" + "x".repeat(1_000_000), storeWith(mine));
    expect(r.source).toBe("saved");
    expect(r.notices[0].level).toBe("error");
  });
});
