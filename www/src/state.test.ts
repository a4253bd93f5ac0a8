import { describe, expect, it } from "vitest";
import { checkName, compileRequest, defaultState, LIMITS, moveItem, newSnippetName, sameRequest, sameState, StateError, uniqueName, validateState } from "./state";

describe("validateState", () => {
  it("accepts the default", () => {
    expect(validateState(defaultState())).toEqual(defaultState());
  });
  it("fills what is missing and normalizes an empty preset", () => {
    expect(validateState({ snippets: [], preset: "" })).toEqual({ preset: null, platform: null, strict: false, snippets: [] });
  });
  it("ignores unknown fields", () => {
    expect(validateState({ snippets: [{ name: "a", text: "b", extra: 1 }], future: true }).snippets).toEqual([{ name: "a", text: "b" }]);
  });
  it("rejects wrong types", () => {
    for (const bad of [null, [], "x", { snippets: {} }, { snippets: [1] }, { snippets: [], platform: 3 }]) expect(() => validateState(bad)).toThrow(StateError);
  });
  it("limits the number of snippets", () => {
    const snippets = Array.from({ length: LIMITS.maxSnippets + 1 }, (_, i) => ({ name: `s${i}`, text: "" }));
    expect(() => validateState({ snippets })).toThrow(/at most/);
  });
  it("limits a snippet's size", () => {
    expect(() => validateState({ snippets: [{ name: "big", text: "x".repeat(LIMITS.maxSnippetChars + 1) }] })).toThrow(/MiB/);
  });
});

describe("names", () => {
  it("uniqueName", () => {
    expect(uniqueName("a", [])).toBe("a");
    expect(uniqueName("a", ["a"])).toBe("a (2)");
    expect(uniqueName("a", ["a", "a (2)"])).toBe("a (3)");
    expect(uniqueName("  ", [])).toBe("snippet");
    expect(uniqueName("x\ny", [])).toBe("x y");
  });
  it("checkName", () => {
    expect(checkName("  b ", ["a"])).toEqual({ ok: true, name: "b" });
    expect(checkName("a", ["a"]).ok).toBe(false);
    expect(checkName("", []).ok).toBe(false);
    expect(checkName("x".repeat(LIMITS.maxNameLength + 1), []).ok).toBe(false);
  });
  it("newSnippetName", () => {
    expect(newSnippetName(["snippet-1", "snippet-3"])).toBe("snippet-2");
  });
});

describe("helpers", () => {
  it("moveItem", () => {
    expect(moveItem([1, 2, 3], 0, 2)).toEqual([2, 3, 1]);
    expect(moveItem([1, 2, 3], 2, 0)).toEqual([3, 1, 2]);
    expect(moveItem([1, 2, 3], 5, 0)).toEqual([1, 2, 3]);
  });
  it("sameState", () => {
    const a = defaultState();
    expect(sameState(a, defaultState())).toBe(true);
    expect(sameState(a, { ...a, strict: true })).toBe(false);
    expect(sameState(a, { ...a, snippets: [{ ...a.snippets[0], name: "x" }] })).toBe(false);
  });
});

describe("compileRequest", () => {
  it("skips the spec-3 view and the tables unless shown", () => {
    const s = defaultState();
    expect(compileRequest(s, { spec3: false, tables: false })).toEqual({ ...s, skipSpec3: true, skipTables: true });
    expect(compileRequest(s, { spec3: true, tables: false })).toMatchObject({ skipSpec3: false, skipTables: true });
    expect(compileRequest(s, { spec3: false, tables: true })).toMatchObject({ skipSpec3: true, skipTables: false });
  });
  it("sameRequest compares what the engine is asked", () => {
    const s = defaultState();
    const a = compileRequest(s, { spec3: false, tables: false });
    expect(sameRequest(a, compileRequest(defaultState(), { spec3: false, tables: false }))).toBe(true);
    expect(sameRequest(a, compileRequest(s, { spec3: true, tables: false }))).toBe(false);
    expect(sameRequest(a, compileRequest({ ...s, strict: true }, { spec3: false, tables: false }))).toBe(false);
    expect(sameRequest(a, compileRequest({ ...s, snippets: [{ name: "helloworld", text: "x" }] }, { spec3: false, tables: false }))).toBe(false);
  });
});
