// The URLs and the embed code the share dialog offers (pure; sharing.test.ts).

/** `…/index.html#v1.…` next to `base` (the current page's URL). */
export function playgroundUrl(base: string, fragment: string): string {
  const url = new URL("./", base);
  url.hash = fragment;
  return url.toString();
}

/** `…/embed.html?readonly=1#v1.…` next to `base`. */
export function embedUrl(base: string, fragment: string, readOnly = true): string {
  const url = new URL(`./embed.html${readOnly ? "?readonly=1" : ""}`, base);
  url.hash = fragment;
  return url.toString();
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The HTML that embeds a playground state in another page. */
export function embedCode(src: string, height = 480): string {
  return `<iframe src="${attr(src)}" title="Container Linux Config playground" width="100%" height="${height}" loading="lazy" referrerpolicy="no-referrer"></iframe>`;
}
