#!/usr/bin/env node
// `npm start`: install dependencies if missing, build the wasm core and the
// page, and serve it with `vite preview` on 127.0.0.1.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(root);
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
const port = process.env.PORT ?? "4173";

function step(cmd, argv) {
  console.log(`$ ${[cmd, ...argv].join(" ")}`);
  const r = spawnSync(cmd, argv, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, "node_modules", ".bin", "vite"))) step("npm", ["ci", "--no-audit", "--no-fund"]);
step("npm", ["run", "build"]);
console.log(`\nclc playground: http://127.0.0.1:${port}/  (embed: http://127.0.0.1:${port}/embed.html)\n`);
// vite itself, not through npx, so that a signal reaches the server.
const vite = join(root, "node_modules", ".bin", "vite");
const server = spawn(vite, ["preview", "--config", "www/vite.config.ts", "--host", "127.0.0.1", "--port", port, "--strictPort"], { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
