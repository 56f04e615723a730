#!/usr/bin/env node
// `pnpm start`: builds what is missing, then runs the API (default :4000) on the embedded
// database and the console (default :3000) against it. Ctrl-C stops both.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const apiPort = process.env.API_PORT ?? process.env.PORT ?? "4000";
const consolePort = process.env.CONSOLE_PORT ?? "3000";
const apiUrl = `http://127.0.0.1:${apiPort}`;

const built =
  existsSync(join(root, "apps/api/dist/main.js")) && existsSync(join(root, "apps/console/.next/BUILD_ID"));
if (!built || process.argv.includes("--build")) {
  console.log("memro: building api and console (first start only)…");
  const r = spawnSync("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const children = [];
let stopping = false;
// A 64 MB young generation: a search at 100k memories allocates a few MB, and with V8's default
// (16 MB) every other search paid a 4 ms scavenge (docs/benchmarks.md).
const api = spawn(process.execPath, ["--max-semi-space-size=64", join(root, "apps/api/dist/main.js")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: apiPort },
});
children.push(api);
api.on("exit", (code) => shutdown(code ?? 0));

await waitFor(`${apiUrl}/healthz`, 120_000);
const nextBin = join(root, "apps/console/node_modules/next/dist/bin/next");
const consoleApp = spawn(process.execPath, [nextBin, "start", "-p", consolePort, "-H", "127.0.0.1"], {
  cwd: join(root, "apps/console"),
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, MEMRO_API_URL: apiUrl, PORT: consolePort },
});
children.push(consoleApp);
consoleApp.on("exit", (code) => shutdown(code ?? 0));
await waitFor(`http://127.0.0.1:${consolePort}/sign-in`, 60_000);
console.log(
  `\nMemroOS is up:\n  console  http://127.0.0.1:${consolePort}\n  api      ${apiUrl} (REST ${apiUrl}/api/v1, docs ${apiUrl}/api/docs, MCP ${apiUrl}/mcp)\nCtrl-C stops both.\n`,
);

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on("exit", r)) : null))).then(
    () => process.exit(code),
  );
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  console.error(`memro: ${url} did not answer within ${timeoutMs / 1000}s`);
  shutdown(1);
}
