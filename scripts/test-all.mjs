#!/usr/bin/env node
// The whole test suite: typecheck, lint, unit/integration suites on PGlite and (when
// DATABASE_URL is set) on PostgreSQL, build, and the Playwright suites in Chromium.
// Prints one total at the end, alone on its line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, ".test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function check(label, cmd, args, env) {
  const r = run(label, cmd, args, env);
  totals[r.ok ? "passed" : "failed"] += 1;
  lines.push(`${label}: ${r.ok ? "ok" : "FAILED"} (${r.seconds}s)`);
  return r.ok;
}

function vitest(label, env) {
  const file = join(out, `${label.replace(/\W+/g, "-")}.json`);
  const r = run(
    label,
    "pnpm",
    ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
    env,
  );
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`${label}: no results (${r.seconds}s)`);
    return;
  }
  const j = JSON.parse(readFileSync(file, "utf8"));
  // A file that failed to load counts as a failure even though it ran no test.
  const brokenFiles = (j.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).length === 0,
  ).length;
  const passed = j.numPassedTests ?? 0;
  const failed = (j.numFailedTests ?? 0) + brokenFiles;
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped (${r.seconds}s)`);
}

function playwright(label, env) {
  const file = join(out, `${label.replace(/\W+/g, "-")}.json`);
  const r = run(label, "pnpm", ["--filter", "@memro/e2e", "exec", "playwright", "test"], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`${label}: no results (${r.seconds}s)`);
    return;
  }
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  const failed = s.unexpected ?? 0;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += s.skipped ?? 0;
  lines.push(`${label}: ${passed} passed, ${failed} failed, ${s.skipped ?? 0} skipped (${r.seconds}s)`);
}

const only = process.argv[2];
if (!only || only === "static") {
  check("typecheck", "pnpm", ["turbo", "run", "typecheck"]);
  check("lint", "pnpm", ["exec", "biome", "lint", "."]);
}
if (!only || only === "unit") {
  vitest("unit+integration on PGlite", { MEMRO_TEST_DB: "pglite" });
  if (process.env.DATABASE_URL) vitest("unit+integration on PostgreSQL", { MEMRO_TEST_DB: "postgres" });
  else lines.push("unit+integration on PostgreSQL: not run (DATABASE_URL is not set)");
}
if (!only || only === "e2e") {
  if (check("build", "pnpm", ["turbo", "run", "build"])) {
    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (!existsSync(chromium) && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
      // A fresh Debian machine: the browser tests need Debian's Chromium (Playwright cannot download one here).
      run("install Chromium", "sh", ["-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium"]);
    }
    if (!existsSync(chromium)) {
      totals.failed += 1;
      lines.push(
        `e2e: Chromium not found at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
      );
    } else {
      const { DATABASE_URL, ...withoutDb } = process.env;
      playwright("e2e (Chromium) on PGlite", { ...withoutDb, DATABASE_URL: "" });
      if (DATABASE_URL && process.env.MEMRO_E2E_POSTGRES !== "0")
        playwright("e2e (Chromium) on PostgreSQL", { DATABASE_URL });
    }
  }
}

process.stdout.write(`\n=== summary\n${lines.join("\n")}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed > 0 ? 1 : 0);
