// Shared set-up of the end-to-end tests: every test records the requests of
// its browser context (all must stay on 127.0.0.1), CSP violations, page
// errors and dialogs (none may happen), and gets helpers that act as a user.

import { BrowserContext, expect, Locator, Page, test as base } from "@playwright/test";

export interface Watch {
  requests: string[];
  violations: string[];
  errors: string[];
  dialogs: string[];
  /** Tests that expect a page error (e.g. hostile input) clear this. */
  failOnPageError: boolean;
}

function isLocal(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) return true;
  try {
    return new URL(url).hostname === "127.0.0.1";
  } catch {
    return false;
  }
}

export async function watchContext(context: BrowserContext, watch: Watch): Promise<void> {
  context.on("request", (r) => watch.requests.push(r.url()));
  context.on("page", (p) => watchPage(p, watch));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

function watchPage(page: Page, watch: Watch): void {
  page.on("console", (m) => {
    if (m.text().startsWith("CSP-VIOLATION")) watch.violations.push(m.text());
  });
  page.on("pageerror", (e) => watch.errors.push(e.message));
  page.on("dialog", (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
}

export function checkWatch(watch: Watch): void {
  const outside = watch.requests.filter((u) => !isLocal(u));
  expect(outside, "requests outside 127.0.0.1").toEqual([]);
  expect(watch.violations, "CSP violations").toEqual([]);
  if (watch.failOnPageError) expect(watch.errors, "uncaught page errors").toEqual([]);
  expect(watch.dialogs.filter((d) => !d.startsWith("beforeunload")), "dialogs (alert/confirm/prompt)").toEqual([]);
}

export const test = base.extend<{ watch: Watch; pg: Playground }>({
  watch: async ({}, use) => {
    await use({ requests: [], violations: [], errors: [], dialogs: [], failOnPageError: true });
  },
  context: async ({ context, watch }, use) => {
    await watchContext(context, watch);
    await use(context);
    checkWatch(watch);
  },
  pg: async ({ page }, use) => {
    await use(new Playground(page));
  },
});

export { expect };

export const DEFAULT_TEXT = `systemd:
  units:
    - name: helloworld.service
      dropins:
        - name: 10-helloworld.conf
          contents: |
            [Install]
            WantedBy=multi-user.target
`;

/** The page as a user sees it. */
export class Playground {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByTestId("status");
  }
  get editor(): Locator {
    return this.page.locator(".editor-pane .cm-content");
  }
  get diagnostics(): Locator {
    return this.page.getByTestId("diagnostics");
  }
  get notices(): Locator {
    return this.page.locator(".notices");
  }
  tab(name: string | RegExp): Locator {
    return this.page.getByRole("tablist", { name: "Documents" }).getByRole("tab", { name, exact: typeof name === "string" });
  }
  outputTab(name: string): Locator {
    return this.page.getByRole("tablist", { name: "Output" }).getByRole("tab", { name, exact: true });
  }

  async open(path = "/"): Promise<void> {
    await this.page.goto(path);
    await this.compiled();
  }

  /** Waits for a compile result that matches the current text. */
  async compiled(): Promise<void> {
    await expect(this.status).toHaveAttribute("data-state", /^(ok|error)$/, { timeout: 30_000 });
  }

  /** Replaces the text of the open snippet, as a paste would. */
  async setText(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+a");
    // Delete first: Chromium's contenteditable, replacing a selection across
    // highlighted spans, tries to keep their look with a style attribute,
    // which the CSP (rightly) blocks and reports.
    await this.page.keyboard.press("Delete");
    if (text !== "") await this.page.keyboard.insertText(text);
    await this.compiled();
  }

  async addSnippet(text: string): Promise<void> {
    await this.page.getByRole("button", { name: "Add snippet" }).click();
    await this.setText(text);
  }

  async editorText(): Promise<string> {
    return this.page.evaluate(() => {
      const root = document.querySelector(".editor-host")!.shadowRoot!;
      const lines = Array.from(root.querySelectorAll(".cm-content .cm-line"));
      return lines.map((l) => l.textContent).join("\n");
    });
  }

  async output(): Promise<string> {
    return (await this.page.evaluate(() => window.clcPlayground?.outputText() ?? null)) ?? "";
  }

  async state(): Promise<{ preset: string | null; platform: string | null; strict: boolean; snippets: { name: string; text: string }[] }> {
    return this.page.evaluate(() => window.clcPlayground!.state());
  }

  async waitOutput(needle: string | RegExp): Promise<void> {
    await expect.poll(() => this.output(), { timeout: 30_000 }).toMatch(needle);
  }

  async waitSaved(needle: string): Promise<void> {
    await expect
      .poll(() => this.page.evaluate(() => localStorage.getItem("clc-playground.work.v1") ?? ""), { timeout: 10_000 })
      .toContain(needle);
  }

  async shareLink(): Promise<string> {
    await this.page.getByRole("button", { name: "Copy link" }).first().click();
    const box = this.page.getByTestId("share-link");
    await expect(box).toBeVisible();
    const link = await box.inputValue();
    await this.page.getByRole("button", { name: "Close" }).click();
    return link;
  }
}

declare global {
  interface Window {
    clcPlayground?: {
      outputText(): string | null;
      state(): { preset: string | null; platform: string | null; strict: boolean; snippets: { name: string; text: string }[] };
      metrics: { firstMergedMs: number | null; compiles: { ms: number; roundTripMs: number }[] };
      offline: { state: "ready" | "incomplete" | "unavailable"; missing: string[] } | null;
    };
  }
}
