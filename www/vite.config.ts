/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { defineConfig, Plugin } from "vite";

const root = resolve(import.meta.dirname);
const outDir = resolve(root, "dist");

/**
 * The Content-Security-Policy of the built pages. No inline script, no eval;
 * wasm compiles under 'wasm-unsafe-eval'; nothing leaves the origin.
 * (Not in the dev server, whose client injects inline code.)
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function csp(): Plugin {
  return {
    name: "clc-csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
    },
  };
}

/**
 * `<link rel="modulepreload">` for every chunk a page's entry imports, the
 * dynamically imported app bundle included: the entry is small and starts the
 * engine before it loads the app bundle, which the browser fetches meanwhile.
 * (Vite's own preload, which leaves out dynamic imports, is turned off.)
 */
function preloadChunks(): Plugin {
  return {
    name: "clc-preload-chunks",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        const entry = ctx.chunk;
        if (!bundle || !entry) return [];
        const seen = new Set<string>([entry.fileName]);
        const order: string[] = [];
        const visit = (file: string) => {
          if (seen.has(file)) return;
          seen.add(file);
          const chunk = bundle[file];
          if (chunk?.type !== "chunk") return;
          order.push(file);
          chunk.imports.forEach(visit);
        };
        entry.imports.forEach(visit);
        entry.dynamicImports.forEach(visit);
        return order.map((file) => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `./${file}` }, injectTo: "head" as const }));
      },
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Writes dist/sw.js: the service worker with every built file to precache. */
function serviceWorker(): Plugin {
  return {
    name: "clc-service-worker",
    apply: "build",
    closeBundle() {
      const files = walk(outDir)
        .map((p) => relative(outDir, p).split("\\").join("/"))
        .filter((f) => f !== "sw.js" && !f.endsWith(".map"))
        .sort();
      const hash = createHash("sha256");
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest("hex").slice(0, 16);
      const urls = ["./", ...files.map((f) => `./${f}`)];
      const template = readFileSync(join(root, "sw", "sw.js"), "utf8");
      writeFileSync(
        join(outDir, "sw.js"),
        template.replace('"__CLC_VERSION__"', JSON.stringify(version)).replace("__CLC_PRECACHE__", JSON.stringify(urls, null, 2)),
      );
    },
  };
}

export default defineConfig({
  root,
  base: "./",
  publicDir: "public",
  plugins: [csp(), preloadChunks(), serviceWorker()],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: resolve(root, "index.html"), embed: resolve(root, "embed.html") },
      // What both entries share (start.ts and the little it imports) is one chunk, named for it.
      output: { codeSplitting: { groups: [{ name: "start", test: /[\\/]www[\\/]src[\\/](start|engine|persist|share|state)\.ts$|vite[\\/]preload-helper|[\\/]style\.css$/ }] } },
    },
  },
  worker: { format: "es" },
  preview: { host: "127.0.0.1", port: 4173 },
  server: { host: "127.0.0.1" },
  test: {
    root,
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
