import { describe, expect, it } from "vitest";
import { embedCode, embedUrl, playgroundUrl } from "./sharing";

describe("share URLs", () => {
  it("the playground next to the current page, without its query", () => {
    expect(playgroundUrl("https://example.org/clc/embed.html?readonly=1#old", "v1.abc")).toBe("https://example.org/clc/#v1.abc");
    expect(playgroundUrl("http://127.0.0.1:4173/", "v1.x")).toBe("http://127.0.0.1:4173/#v1.x");
  });
  it("the embed page", () => {
    expect(embedUrl("https://example.org/clc/", "v1.abc")).toBe("https://example.org/clc/embed.html?readonly=1#v1.abc");
    expect(embedUrl("https://example.org/clc/index.html", "v1.abc", false)).toBe("https://example.org/clc/embed.html#v1.abc");
  });
  it("the embed code escapes its attribute", () => {
    const code = embedCode('https://e.org/embed.html?readonly=1#v1.a"><script>');
    expect(code).toBe(
      '<iframe src="https://e.org/embed.html?readonly=1#v1.a&quot;&gt;&lt;script&gt;" title="Container Linux Config playground" width="100%" height="480" loading="lazy" referrerpolicy="no-referrer"></iframe>',
    );
  });
});
