#!/usr/bin/env node
// `npm test`: every test of the project, installing what is missing first.
//
//   1. the Rust suite (./scripts/test: fmt, clippy, unit, conformance, …)
//   2. the build of the wasm core and the page (npm run build)
//   3. type checks of the page and of the browser tests (tsc)
//   4. the page's unit tests (vitest)
//   5. the wasm API under wasm-bindgen-test, in Node.js and in headless Chromium
//   6. the browser end-to-end tests (Playwright, Debian's Chromium)
//
// Each suite prints its own output; the last line sums them up:
//   all tests: N passed, N failed (cargo …, wasm/node …, …)
//
// Flags: --no-cargo (skip 1), --no-build (skip 2), --no-browser (skip the
// Chromium suites).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(root);
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
// cargo-installed tools (wasm-bindgen-test-runner) are found like rustup's.
process.env.PATH = [join(homedir(), ".cargo", "bin"), process.env.PATH ?? ""].join(delimiter);
const args = new Set(process.argv.slice(2));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromedriver = process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver";
const started = Date.now();

/** One entry per suite: { name, passed, failed, note }. */
const results = [];
function record(name, passed, failed, note) {
  results.push({ name, passed, failed, note });
}

function show(cmd, argv, env = {}) {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  console.log(`\n$ ${[...vars, cmd, ...argv].join(" ")}`);
}

/** Runs a command with its output on the terminal; resolves to its exit status. */
function run(cmd, argv, opts = {}) {
  show(cmd, argv);
  const r = spawnSync(cmd, argv, { stdio: "inherit", env: process.env, ...opts });
  if (r.error) {
    console.error(`run: ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

/** Like run(), and also returns the output (stdout and stderr) for counting. */
function runCapture(cmd, argv, env = {}) {
  show(cmd, argv, env);
  return new Promise((done) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      output += d;
    });
    child.stderr.on("data", (d) => {
      process.stderr.write(d);
      output += d;
    });
    child.on("error", (e) => {
      console.error(`run: ${cmd}: ${e.message}`);
      done({ status: 127, output });
    });
    child.on("close", (code, signal) => done({ status: code ?? (signal ? 128 : 1), output }));
  });
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;

function aptInstall(packages) {
  if (!isRoot || !hasApt) return false;
  const apt = ["install", "-y", "-o", "DPkg::Lock::Timeout=120", ...packages];
  if (run("apt-get", apt) === 0) return true;
  run("apt-get", ["update"]);
  return run("apt-get", apt) === 0;
}

function ensureNpmPackages() {
  const have = ["vite", "vitest", "tsc", "playwright"].every((b) => existsSync(join(root, "node_modules", ".bin", b)));
  if (have) return true;
  return run("npm", ["ci", "--no-audit", "--no-fund"]) === 0;
}

/** Debian's Chromium and its WebDriver (for Playwright and wasm-bindgen-test). */
function ensureChromium() {
  if (existsSync(chromium) && existsSync(chromedriver)) return true;
  if (!aptInstall(["chromium", "chromium-driver"])) {
    console.error(`run: ${!existsSync(chromium) ? chromium : chromedriver} is missing; install Debian's chromium and chromium-driver (as root: apt-get install chromium chromium-driver)`);
    return false;
  }
  return existsSync(chromium) && existsSync(chromedriver);
}

/** Sums cargo's / wasm-bindgen-test's `test result:` lines. */
function cargoCounts(output) {
  let passed = 0;
  let failed = 0;
  let seen = false;
  for (const m of output.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    seen = true;
  }
  return seen ? { passed, failed } : null;
}

// ---------------------------------------------------------------- suites

if (!ensureNpmPackages()) {
  record("npm ci", 0, 1, "could not install the npm packages");
}

// 1. Rust.
if (!args.has("--no-cargo")) {
  const r = await runCapture("./scripts/test", []);
  const m = r.output.match(/^cargo: (\d+) passed, (\d+) failed$/m);
  if (!m) record("cargo", 0, 1, "fmt, clippy or the build failed before any test ran");
  else if (r.status !== 0 && m[2] === "0") record("cargo", Number(m[1]), 1, `exit status ${r.status}`);
  else record("cargo", Number(m[1]), Number(m[2]));
}

// 2. Build.
let built = true;
if (!args.has("--no-build")) {
  if (run("npm", ["run", "build"]) !== 0) {
    built = false;
    record("build", 0, 1, "npm run build failed");
  }
}

// 3. Types of the page and of the tests (one check each).
{
  let passed = 0;
  let failed = 0;
  for (const project of ["www/tsconfig.json", "tests/e2e/tsconfig.json"]) {
    if (run("npx", ["tsc", "-p", project]) === 0) passed += 1;
    else failed += 1;
  }
  record("types", passed, failed);
}

// 4. Unit tests of the page.
{
  const json = join(tmpdir(), `clc-unit-${process.pid}.json`);
  const status = run("npx", ["vitest", "run", "--config", "www/vite.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, "utf8"));
    record("unit", r.numPassedTests, r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0));
    rmSync(json, { force: true });
  } else record("unit", 0, 1, "vitest did not report");
}

// 5. The wasm API in Node.js, then in headless Chromium.
const wasmTest = ["test", "--target", "wasm32-unknown-unknown", "-p", "clc-wasm"];
async function wasmSuite(name, env) {
  const r = await runCapture("cargo", wasmTest, env);
  const c = cargoCounts(r.output);
  if (!c) record(name, 0, 1, "the tests did not run");
  else record(name, c.passed, c.failed + (r.status !== 0 && c.failed === 0 ? 1 : 0));
}
await wasmSuite("wasm/node", {});

const browser = !args.has("--no-browser") && ensureChromium();
if (!args.has("--no-browser") && !browser) record("chromium", 0, 1, "Chromium or chromedriver missing");
if (browser) {
  await wasmSuite("wasm/chromium", {
    WASM_BINDGEN_USE_BROWSER: "1",
    CHROMEDRIVER: chromedriver,
    WASM_BINDGEN_TEST_WEBDRIVER_JSON: join(root, "crates", "clc-wasm", "webdriver.json"),
  });
}

// 6. The page in the browser.
if (browser && built) {
  const json = join(tmpdir(), `clc-e2e-${process.pid}.json`);
  const status = run("npx", ["playwright", "test", "--config", "tests/e2e/playwright.config.ts"], { env: { ...process.env, E2E_JSON: json } });
  if (existsSync(json)) {
    const s = JSON.parse(readFileSync(json, "utf8")).stats;
    record("e2e", s.expected + s.flaky, s.unexpected + (status !== 0 && s.unexpected === 0 ? 1 : 0));
    rmSync(json, { force: true });
  } else record("e2e", 0, 1, "Playwright did not report");
}

// ---------------------------------------------------------------- summary

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log("\nsuite            passed  failed");
for (const r of results) console.log(`${r.name.padEnd(16)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}${r.note ? `  (${r.note})` : ""}`);
const parts = results.map((r) => `${r.name} ${r.passed}${r.failed ? ` (${r.failed} failed)` : ""}`).join(", ");
console.log(`\nall tests: ${passed} passed, ${failed} failed in ${minutes} min (${parts})`);
process.exit(failed === 0 ? 0 : 1);
