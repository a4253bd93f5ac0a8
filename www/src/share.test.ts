import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeState, deflateRaw, encodeState, fromBase64Url, inflateRaw, isShareFragment, ShareError, toBase64Url } from "./share";
import { DEFAULT_SNIPPET_TEXT, defaultState, PlaygroundState } from "./state";

/**
 * Links made by format v1, frozen. Every later version of the page must keep
 * opening them to exactly these states: never edit a link or its state here.
 */
const FROZEN_V1: { link: string; state: PlaygroundState }[] = [
  {
    link: "#v1.VYzBbsJADER_xfI5Qe11JS7c-gUcgMMqcegKx7u1vUAU-HcEVUV6G828NzMWJSPHgPRTk6Rre8l6IsUGC0cfso4YpDI3aK6pcwxDZKMGTVIp5IZhN6PEkTDgNzHnS1busUGn6_PXJnMa-7AXgCrJ7ZUAWnhKAd7OykjPqaPfHaDXXJL88Uvn86NdaF2W4c0AdFmcxC3AbVkD7L7EPDIf_tfbKE79ZlqPlT211UhXHvVIvhe8H-4P",
    state: {
      preset: "equinix-worker",
      platform: null,
      strict: false,
      snippets: [
        {
          name: "helloworld",
          text: "systemd:\n  units:\n    - name: helloworld.service\n      dropins:\n        - name: 10-helloworld.conf\n          contents: |\n            [Install]\n            WantedBy=multi-user.target\n",
        },
      ],
    },
  },
  {
    link: "#v1.RY5BSgNBEEWvUnxdKIyMSnDRJLmI46LtqSQN3dVNdQUGhgGP4c51zpELeQRRif7V58GDN6MqNzY4OabUoSZvu6IZDhwe0aGZxmBwpkfu0CTWytbgnmeIzwyHdcx7aho2ExVh1aIbn1jt5uF2iw7Gk8Hhis6nz4_3N1r3LWisth2kWVG_ZzcI0S4mbj-P6I6qt4Ojni30udj4i4lyGdnR_dNqdSGhiLHYxfxelBSFHQ04nE8pFbqep2XAIFi6v-jGochI5l__E7G8LF8",
    state: {
      preset: null,
      platform: "ec2",
      strict: true,
      snippets: [
        {
          name: "<img src=x onerror=alert(1)>",
          text: '# é😀 </script>\nstorage:\n  files:\n    - path: /etc/motd\n      mode: 0644\n      contents:\n        inline: "héllo ${x}"\n',
        },
        { name: "second tab", text: "" },
      ],
    },
  },
  {
    link: "#v1.BcHBDYAwCAXQXf4ZF2AV46GpNGmCQICbcXffexEpJQ2G-S3HdOt0VUkQQkcvzwcMEKpzzwavoSWEsh0hXeDz-n4",
    state: { preset: "node-controller", platform: "", strict: false, snippets: [] },
  },
];

async function rejection(p: Promise<unknown>): Promise<ShareError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return e as ShareError;
  }
  throw new Error("expected a ShareError");
}

function v1(json: string): string {
  return `v1.${deflateRawSync(Buffer.from(json)).toString("base64url")}`;
}

describe("frozen v1 links", () => {
  for (const [i, { link, state }] of FROZEN_V1.entries()) {
    it(`link ${i + 1} opens to its state`, async () => {
      expect(await decodeState(link)).toEqual(state);
      expect(await decodeState(link.slice(1))).toEqual(state);
    });
  }
  it("the first is the default example", () => {
    expect(FROZEN_V1[0].state).toEqual(defaultState());
    expect(FROZEN_V1[0].state.snippets[0].text).toBe(DEFAULT_SNIPPET_TEXT);
  });
});

describe("round trip", () => {
  const cases: PlaygroundState[] = [
    defaultState(),
    { preset: null, platform: "", strict: true, snippets: [] },
    {
      preset: "aws-worker",
      platform: "azure",
      strict: false,
      snippets: [
        { name: "ünïcödé 😀", text: "a: 1\r\nb: 2\u0000\u0001\u{10FFFF}" },
        { name: "same text", text: "a: 1\r\nb: 2\u0000\u0001\u{10FFFF}" },
        { name: "</script><script>alert(1)</script>", text: "x".repeat(100_000) },
      ],
    },
    { preset: null, platform: null, strict: false, snippets: Array.from({ length: 200 }, (_, i) => ({ name: `tab ${i}`, text: `n: ${i}\n` })) },
  ];
  for (const [i, s] of cases.entries()) {
    it(`state ${i + 1}`, async () => {
      const frag = await encodeState(s);
      expect(frag).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(await decodeState(frag)).toEqual(s);
    });
  }
  it("compresses", async () => {
    const frag = await encodeState({ preset: null, platform: null, strict: false, snippets: [{ name: "a", text: "abc\n".repeat(50_000) }] });
    expect(frag.length).toBeLessThan(2_000);
  });
});

describe("base64url", () => {
  it("matches Node's encoder for every length", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const ours = toBase64Url(bytes);
      expect(ours).toBe(Buffer.from(bytes).toString("base64url"));
      expect(Array.from(fromBase64Url(ours))).toEqual(Array.from(bytes));
    }
  });
});

describe("bad links", () => {
  it("a newer version says so", async () => {
    const e = await rejection(decodeState("#v2.AAAA"));
    expect(e.kind).toBe("version");
    expect(e.message).toMatch(/newer/);
  });
  it("v0 is unknown", async () => {
    expect((await rejection(decodeState("v0.AAAA"))).kind).toBe("version");
  });
  it("no prefix", async () => {
    const e = await rejection(decodeState("#hello"));
    expect(e.kind).toBe("corrupt");
    expect(e.message).toMatch(/not a playground link/);
  });
  it("empty payload", async () => {
    expect((await rejection(decodeState("#v1."))).kind).toBe("corrupt");
  });
  it("characters outside base64url", async () => {
    expect((await rejection(decodeState("#v1.abc$def"))).message).toMatch(/base64url/);
    expect((await rejection(decodeState("#v1.ab+/"))).kind).toBe("corrupt");
  });
  it("a cut-off link", async () => {
    const link = FROZEN_V1[1].link;
    for (const cut of [10, 40, link.length - 20, link.length - 3]) {
      const e = await rejection(decodeState(link.slice(0, cut)));
      expect(e.kind).toBe("corrupt");
    }
  });
  it("an altered link", async () => {
    const link = FROZEN_V1[0].link;
    const mid = 30;
    const altered = link.slice(0, mid) + (link[mid] === "A" ? "B" : "A") + link.slice(mid + 1);
    expect((await rejection(decodeState(altered))).kind).toBe("corrupt");
  });
  it("1 MB of garbage", async () => {
    const garbage = "v1." + "Zm9vYmFy".repeat(131_072);
    const t0 = performance.now();
    expect((await rejection(decodeState(garbage))).kind).toBe("corrupt");
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  it("random bytes", async () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) & 255);
    expect((await rejection(decodeState("v1." + toBase64Url(bytes)))).kind).toBe("corrupt");
  });
  it("not UTF-8", async () => {
    const frag = "v1." + deflateRawSync(Buffer.from([0xff, 0xfe, 0x00])).toString("base64url");
    expect((await rejection(decodeState(frag))).message).toMatch(/not text/);
  });
  it("not JSON", async () => {
    expect((await rejection(decodeState(v1("{nope")))).message).toMatch(/JSON/);
  });
  it("JSON of the wrong shape", async () => {
    for (const json of ["[]", "null", "1", '{"snippets": 3}', '{"snippets": [{"name": 1, "text": ""}]}', '{"snippets": [], "strict": "yes"}', '{"snippets": [], "preset": 7}']) {
      const e = await rejection(decodeState(v1(json)));
      expect(e.kind).toBe("corrupt");
      expect(e.message).toMatch(/not a playground state/);
    }
  });
  it("a zip bomb stops at the limit", async () => {
    const bomb = deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    const e = await rejection(decodeState("v1." + bomb.toString("base64url"), 1024 * 1024));
    expect(e.kind).toBe("too-large");
  });
  it("a link over the size limit is not read", async () => {
    const e = await rejection(decodeState("v1." + "A".repeat(48 * 1024 * 1024 + 1)));
    expect(e.kind).toBe("too-large");
  });
});

describe("helpers", () => {
  it("isShareFragment", () => {
    expect(isShareFragment("#v1.abc")).toBe(true);
    expect(isShareFragment("v12.x")).toBe(true);
    expect(isShareFragment("#section")).toBe(false);
  });
  it("deflate/inflate", async () => {
    const data = new TextEncoder().encode("hello ".repeat(1000));
    expect(new TextDecoder().decode(await inflateRaw(await deflateRaw(data)))).toBe("hello ".repeat(1000));
  });
});
