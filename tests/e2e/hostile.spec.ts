// Hostile input that is not markup: URLs a config hands to Ignition, and
// share links crafted to look like code. The page shows them as text, never
// follows them, and stays usable. (Every test also checks, through the
// fixtures, that no request leaves 127.0.0.1 and no dialog opens.)

import { expect, test } from "./fixtures";

const REMOTE_URLS = `storage:
  files:
    - path: /opt/a
      filesystem: root
      contents:
        remote:
          url: "javascript:window.__pwned=1;alert(1)"
    - path: /opt/b
      filesystem: root
      contents:
        remote:
          url: http://evil.example/payload?<script>window.__pwned=2</script>
    - path: /opt/c
      filesystem: root
      contents:
        remote:
          url: "data:text/html,<script>window.__pwned=3</script>"
`;

test("URLs in remote contents are text, never followed", async ({ pg, page, watch }) => {
  await pg.open();
  await pg.setText(REMOTE_URLS);
  await pg.compiled();
  // ct refuses the javascript: scheme and the markup in the data: URL; both
  // problems are listed, as text.
  await expect(pg.diagnostics).toContainText("invalid url scheme");
  await expect(pg.diagnostics).toContainText("invalid data character");
  // An http URL is what Ignition would fetch at boot: shown in the output,
  // escaped, and not fetched by the page.
  await pg.setText(REMOTE_URLS.split("    - path: /opt/c")[0].replace(/ {4}- path: \/opt\/a[\s\S]*?(?= {4}- path: \/opt\/b)/, ""));
  await pg.waitOutput(/evil\.example\/payload/);
  expect(await pg.output()).toContain("\\u003cscript\\u003e");
  await page.mouse.move(20, 20);
  await page.waitForTimeout(200);
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    frames: document.querySelectorAll("iframe, object, embed").length,
  }));
  expect(found).toEqual({ pwned: null, frames: 0 });
  expect(watch.requests.filter((u) => u.includes("evil.example"))).toEqual([]);
});

test("share links crafted as code only ever say they cannot be opened", async ({ pg, page }) => {
  await pg.open();
  await pg.setText("passwd:\n  users:\n    - name: precious\n");
  await pg.waitSaved("precious");
  for (const fragment of [
    "#<img src=x onerror=window.__pwned=4>",
    "#v1.<script>window.__pwned=5</script>",
    "#javascript:window.__pwned=6",
    "#v1.%3Csvg%20onload%3Dwindow.__pwned%3D7%3E",
    "#v2." + "%00".repeat(2000),
  ]) {
    await page.goto("about:blank");
    await page.goto("/" + fragment);
    await pg.compiled();
    await expect(page.getByRole("alert").first()).toBeVisible();
    expect((await pg.state()).snippets[0].text).toContain("precious");
    const found = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      markup: document.querySelectorAll("img, svg[onload], script:not([src])").length,
    }));
    expect(found, fragment).toEqual({ pwned: null, markup: 0 });
  }
});
