import { DEFAULT_TEXT, expect, test } from "./fixtures";

test.describe("first visit", () => {
  test("shows the default example merged onto equinix-worker", async ({ pg, page }) => {
    await pg.open();
    await expect(page.getByLabel("Base config")).toHaveValue("equinix-worker");
    await expect(pg.tab("helloworld")).toHaveAttribute("aria-selected", "true");
    await expect(pg.tab("base")).toBeVisible();
    expect(await pg.editorText()).toBe(DEFAULT_TEXT.replace(/\n$/, "\n"));
    await expect(pg.status).toContainText("Merged");
    await pg.waitOutput(/"name": "10-helloworld.conf"/);
    const out = JSON.parse(await pg.output());
    expect(out.ignition.version).toBe("2.3.0");
    expect(out.systemd.units.some((u: { name: string }) => u.name === "helloworld.service")).toBe(true);
    // The first compile was posted by the small entry module, before the app bundle ran.
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
    expect(marks["clc:first-compile-sent"]).toBeLessThan(marks["clc:boot"]);
  });

  test("the base config is viewable and read-only", async ({ pg, page }) => {
    await pg.open();
    await pg.tab("base").click();
    await expect(page.locator(".note-bar")).toContainText("read-only");
    const before = await pg.editorText();
    expect(before.length).toBeGreaterThan(100);
    await pg.editor.click();
    await page.keyboard.type("zzz");
    expect(await pg.editorText()).toBe(before);
    await expect(page.locator(".pane-footer")).toContainText("read-only");
  });

  test("the base config's problems are underlined when it is opened", async ({ pg, page }) => {
    await pg.open();
    // The default example's base has a warning; its tab counts it before it is opened.
    await expect(pg.tab("base").locator(".badge")).toHaveText(/^[1-9]/);
    await pg.diagnostics.locator('.diag-row[data-doc="base"]').first().click();
    await expect(pg.tab("base")).toHaveAttribute("aria-selected", "true");
    await expect(page.locator(".editor-host .cm-lintRange-warning").first()).toBeVisible();
  });
});

test("typing a snippet puts its file in the merged output", async ({ pg, page }) => {
  await pg.open();
  await pg.addSnippet("storage:\n  files:\n    - path: /etc/e2e-hello.conf\n      filesystem: root\n      mode: 0644\n      contents:\n        inline: hi from e2e\n");
  await expect(pg.tab("snippet-1")).toHaveAttribute("aria-selected", "true");
  await pg.waitOutput(/"path": "\/etc\/e2e-hello.conf"/);
  // The document alone, too.
  await pg.outputTab("Each document").click();
  await page.getByLabel("Document", { exact: true }).selectOption("snippet-1");
  await pg.waitOutput(/e2e-hello/);
  // Typing (not pasting) recomputes as well.
  await pg.editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("    - path: /etc/typed.conf\n");
  await pg.compiled();
  await pg.outputTab("Merged").click();
  await pg.waitOutput(/\/etc\/typed.conf/);
});

test("an error is underlined at its line, listed, and the row jumps to it", async ({ pg, page }) => {
  await pg.open();
  await pg.addSnippet("storage:\n  files:\n    - filesystem: root\n      path: relative/path\n      mode: 0644\n");
  // The underline, on line 4, over the value.
  const mark = page.locator(".editor-pane .cm-lintRange-error");
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText("relative/path");
  const lineText = await mark.evaluate((el) => el.closest(".cm-line")!.textContent);
  expect(lineText).toBe("      path: relative/path");
  const lineNo = await mark.evaluate((el) => {
    const line = el.closest(".cm-line")!;
    return Array.from(line.parentElement!.children).indexOf(line) + 1;
  });
  expect(lineNo).toBe(4);
  // Hover text.
  await mark.hover();
  await expect(page.locator(".editor-pane .cm-tooltip-lint")).toContainText("path not absolute");
  // The row in the list, grouped under the snippet.
  const group = pg.diagnostics.getByRole("region", { name: "Problems in snippet-1" });
  const row = group.locator(".diag-row", { hasText: "path not absolute" });
  await expect(row).toHaveAttribute("data-line", "4");
  await expect(row.locator(".where")).toHaveText("4:13");
  await expect(pg.tab("snippet-1").locator(".badge-error")).toHaveText("1");
  // Go elsewhere, then click the row: the tab switches and the cursor lands on the line.
  await pg.tab("helloworld").click();
  await expect(pg.tab("helloworld")).toHaveAttribute("aria-selected", "true");
  await row.click();
  await expect(pg.tab("snippet-1")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("cursor")).toHaveText("Ln 4, Col 13");
  await expect(pg.editor).toBeFocused();
  // Not merged: the provider's error is shown in the output.
  await expect(page.getByTestId("output-error")).toContainText(/path not absolute/i);
});

test("tabs: rename, reorder, remove and undo", async ({ pg, page }) => {
  await pg.open();
  await pg.addSnippet("a: 1\n");
  await pg.addSnippet("b: 2\n");
  // Rename snippet-2 by double-click.
  await pg.tab("snippet-2").dblclick();
  const input = page.getByLabel("Snippet name");
  await input.fill("second");
  await input.press("Enter");
  await expect(pg.tab("second")).toBeVisible();
  // A name already taken is refused.
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Snippet name").fill("helloworld");
  await page.getByLabel("Snippet name").press("Enter");
  await expect(pg.notices).toContainText("already a document named");
  await expect(pg.tab("second")).toBeVisible();
  // Move it to the front.
  await page.getByRole("button", { name: "Move left" }).click();
  await page.getByRole("button", { name: "Move left" }).click();
  await expect.poll(async () => (await pg.state()).snippets.map((s) => s.name)).toEqual(["second", "helloworld", "snippet-1"]);
  // Remove and undo.
  await page.getByRole("button", { name: "Remove" }).click();
  await expect.poll(async () => (await pg.state()).snippets.map((s) => s.name)).toEqual(["helloworld", "snippet-1"]);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect.poll(async () => (await pg.state()).snippets.map((s) => s.name)).toEqual(["second", "helloworld", "snippet-1"]);
  expect((await pg.state()).snippets[0].text).toBe("b: 2\n");
  // Drag to reorder.
  await pg.tab("snippet-1").dragTo(pg.tab("second"));
  await expect.poll(async () => (await pg.state()).snippets.map((s) => s.name)).toEqual(["snippet-1", "second", "helloworld"]);
});

test("base, platform and strict", async ({ pg, page }) => {
  await pg.open();
  await page.getByLabel("Base config").selectOption("");
  await pg.compiled();
  await expect(pg.tab("base")).toHaveCount(0);
  await page.getByLabel("Platform").selectOption("ec2");
  await pg.compiled();
  // A key ct does not know is a warning, which strict turns into a failure.
  await pg.setText("storage:\n  files:\n    - path: /etc/x\n      filesystem: root\n      inlined: typo\n");
  await expect(pg.status).toContainText("Merged");
  await page.getByLabel("strict").check();
  await pg.compiled();
  await expect(pg.status).toContainText("Not merged");
  expect(await pg.state()).toMatchObject({ preset: null, platform: "ec2", strict: true });
});

test("spec 3 and tables panels", async ({ pg, page }) => {
  await pg.open();
  await pg.outputTab("Spec 3").click();
  await pg.waitOutput(/"version": "3\.1\.0"/);
  await expect(page.locator(".spec3")).toBeVisible();
  await pg.outputTab("Tables").click();
  await expect(page.locator(".output-html table").first()).toBeVisible();
  await expect(page.locator(".output-html")).toContainText("Container runtime");
  await expect(page.locator(".output-html")).toContainText("Kubelet directories");
  await expect(page.locator(".output-html")).toContainText("Paths this config writes");
  // A daemon.json in a snippet overrides the logging driver.
  await pg.tab("helloworld").click();
  await pg.setText('storage:\n  files:\n    - path: /etc/docker/daemon.json\n      filesystem: root\n      mode: 0644\n      contents:\n        inline: \'{"log-driver": "journald"}\'\n');
  const row = page.locator(".output-html tr", { hasText: "logging driver" }).first();
  await expect(row).toContainText("journald");
  await expect(row).toContainText("helloworld");
});

test("the spec-3 view and the tables are computed only while shown", async ({ pg, page }) => {
  type Sent = { skipSpec3?: boolean; skipTables?: boolean };
  // Records what each compile request asks the engine worker for.
  await page.addInitScript(() => {
    const sent: Sent[] = [];
    (window as unknown as { __compiles: Sent[] }).__compiles = sent;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: string; request?: Sent } | null;
      if (m?.type === "compile" && m.request) sent.push({ skipSpec3: m.request.skipSpec3, skipTables: m.request.skipTables });
      return (post as (this: Worker, ...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof post;
  });
  let seen = 0;
  const newCompiles = async () => {
    const all = await page.evaluate(() => (window as unknown as { __compiles: Sent[] }).__compiles.slice());
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  const both = { skipSpec3: true, skipTables: true };
  await pg.open();
  // One compile at start, without either (the Merged panel is shown).
  expect(await newCompiles()).toEqual([both]);
  // Switching to Spec 3 compiles once more, with the view.
  await pg.outputTab("Spec 3").click();
  await pg.waitOutput(/"version": "3\.1\.0"/);
  expect(await newCompiles()).toEqual([{ skipSpec3: false, skipTables: true }]);
  // Edits while it is shown keep it current.
  await pg.setText("passwd:\n  users:\n    - name: spec3-user\n");
  await pg.waitOutput(/spec3-user/);
  expect((await newCompiles()).every((c) => c.skipSpec3 === false && c.skipTables === true)).toBe(true);
  // The tables likewise.
  await pg.outputTab("Tables").click();
  await expect(page.locator(".output-html")).toContainText("Paths this config writes");
  expect(await newCompiles()).toEqual([{ skipSpec3: true, skipTables: false }]);
  // Back on Merged, edits compile without either.
  await pg.outputTab("Merged").click();
  await pg.setText("passwd:\n  users:\n    - name: merged-user\n");
  await pg.waitOutput(/merged-user/);
  const edits = await newCompiles();
  expect(edits.length).toBeGreaterThan(0);
  expect(edits.every((c) => c.skipSpec3 && c.skipTables)).toBe(true);
  // Spec 3 again: it shows the current text, compiled once for it.
  await pg.outputTab("Spec 3").click();
  await pg.waitOutput(/merged-user/);
  await expect(page.locator(".spec3")).toBeVisible();
  expect(await newCompiles()).toEqual([{ skipSpec3: false, skipTables: true }]);
  // Nothing changed since: going away and back needs no compile.
  await pg.outputTab("Merged").click();
  await pg.outputTab("Spec 3").click();
  await pg.waitOutput(/merged-user/);
  await pg.compiled();
  expect(await newCompiles()).toEqual([]);
});

test("copy and download the merged output", async ({ pg, page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(test.info().project.use.baseURL!).origin });
  await pg.open();
  await pg.waitOutput(/helloworld/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-output").click()]);
  expect(download.suggestedFilename()).toBe("config.ign");
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const text = readFileSync(path, "utf8");
  expect(text).toBe(await pg.output());
  await page.getByTestId("copy-output").click();
  await expect(pg.notices).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});
