#!/usr/bin/env node
// `npm test`: build the wasm core and the page, run the unit tests (vitest)
// and the browser end-to-end tests (Playwright, Debian's Chromium), then
// print one closing line `N passed, N failed` for CI.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(root);
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
const args = new Set(process.argv.slice(2));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(cmd, argv, opts = {}) {
  console.log(`\n$ ${[cmd, ...argv].join(" ")}`);
  const r = spawnSync(cmd, argv, { stdio: "inherit", env: process.env, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureDeps() {
  if (existsSync(join(root, "node_modules", ".bin", "vite")) && existsSync(join(root, "node_modules", "@playwright", "test"))) return;
  if (run("npm", ["ci", "--no-audit", "--no-fund"]) !== 0) process.exit(1);
}

function ensureChromium() {
  if (existsSync(chromium)) return true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) {
    console.error(`run: ${chromium} is missing; install Debian's chromium and chromium-driver`);
    return false;
  }
  const apt = ["install", "-y", "-o", "DPkg::Lock::Timeout=120", "chromium", "chromium-driver"];
  if (run("apt-get", apt) !== 0) {
    run("apt-get", ["update"]);
    if (run("apt-get", apt) !== 0) return false;
  }
  return existsSync(chromium);
}

let passed = 0;
let failed = 0;

ensureDeps();
if (!args.has("--no-build")) {
  if (run("npm", ["run", "build"]) !== 0) {
    console.log("\nbuild failed");
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }
}

// Types of the page and of the tests (one check each).
for (const project of ["www/tsconfig.json", "tests/e2e/tsconfig.json"]) {
  if (run("npx", ["tsc", "-p", project]) === 0) passed += 1;
  else failed += 1;
}

// Unit tests.
const unitJson = join(tmpdir(), `clc-unit-${process.pid}.json`);
const unitStatus = run("npx", ["vitest", "run", "--config", "www/vite.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]);
if (existsSync(unitJson)) {
  const r = JSON.parse(readFileSync(unitJson, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  rmSync(unitJson, { force: true });
} else if (unitStatus !== 0) failed += 1;

// Browser tests.
if (!args.has("--unit-only")) {
  if (!ensureChromium()) failed += 1;
  else {
    const e2eJson = join(tmpdir(), `clc-e2e-${process.pid}.json`);
    const status = run("npx", ["playwright", "test", "--config", "tests/e2e/playwright.config.ts"], { env: { ...process.env, E2E_JSON: e2eJson } });
    if (existsSync(e2eJson)) {
      const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
      passed += s.expected + s.flaky;
      failed += s.unexpected;
      rmSync(e2eJson, { force: true });
    } else if (status !== 0) failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
