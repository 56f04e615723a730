// Builds better-sqlite3's native addon (needed by mem0's "memory" vector store) from source,
// using the C headers shipped with the running Node install, so nothing is fetched from
// github.com (prebuilt binaries) or nodejs.org (headers). Idempotent: skips when already built.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const fromMem0 = createRequire(createRequire(import.meta.url).resolve("mem0ai"));
const pkgDir = path.dirname(fromMem0.resolve("better-sqlite3/package.json"));
const addon = path.join(pkgDir, "build", "Release", "better_sqlite3.node");
if (existsSync(addon) && !process.argv.includes("--force")) {
  console.log(`better-sqlite3 addon present: ${addon}`);
  process.exit(0);
}
const nodedir = path.dirname(path.dirname(process.execPath)); // <prefix> of <prefix>/bin/node
const args = ["rebuild", "--release"];
if (existsSync(path.join(nodedir, "include", "node", "common.gypi"))) args.push(`--nodedir=${nodedir}`);
else console.warn(`no headers under ${nodedir}/include/node; node-gyp will try to download them`);
console.log(`building ${pkgDir} with node-gyp ${args.join(" ")} (about 1-2 min) ...`);
const t0 = Date.now();
// Compiler output only when the build fails: sqlite3.c alone prints hundreds of warnings.
const r = spawnSync("node-gyp", args, {
  cwd: pkgDir,
  encoding: "utf8",
  maxBuffer: 64 * 2 ** 20,
  shell: process.platform === "win32",
});
if (r.error) {
  console.error(
    `cannot run node-gyp (${r.error.message}); run this through "pnpm run" so pnpm's bundled node-gyp is on PATH`,
  );
  process.exit(1);
}
if (r.status !== 0 || !existsSync(addon)) {
  console.error(`${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-40).join("\n"));
  process.exit(r.status || 1);
}
console.log(`built ${addon} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
