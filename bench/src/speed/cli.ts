import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { measure, type SpeedResult } from "./measure.js";

/**
 * `pnpm bench:speed [--sizes 10000,100000] [--db pglite,postgres] [--queries 200]
 *  [--pglite-max 10000] [--json FILE]`. PostgreSQL is reached at DATABASE_URL (a server
 *  where the benchmark may create and drop databases), default the local server.
 */
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sizes = flag("sizes", "10000,100000").split(",").map(Number);
const dbs = flag("db", "pglite,postgres").split(",") as ("pglite" | "postgres")[];
const queries = Number(flag("queries", "200"));
const pgliteMax = Number(flag("pglite-max", "10000"));
const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

const results: SpeedResult[] = [];
const skipped: string[] = [];
for (const size of sizes) {
  for (const db of dbs) {
    if (db === "pglite" && size > pgliteMax) {
      skipped.push(
        `pglite at ${size.toLocaleString()}: skipped (above --pglite-max ${pgliteMax}; PGlite inserts into its HNSW index at ~50 vectors/s)`,
      );
      continue;
    }
    results.push(await measure(db, size, { queries, adminUrl }));
  }
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");
const header =
  "| database | vectors | memories | start s | bulk writes/s | single writes/s | writes/s with embedding | search p50 / p95 / p99 ms | pack p50 / p95 ms | RSS MiB |";
const lines = [header, `|${"---|".repeat(10)}`];
for (const r of results) {
  lines.push(
    `| ${r.database} | ${r.vectorPath} | ${r.memories.toLocaleString()} | ${f(r.startMs / 1000)} | ${f(r.bulkWritesPerSec, 0)} | ${f(r.singleWritesPerSec, 0)} | ${f(r.embeddedWritesPerSec, 0)} | ${f(r.search.p50)} / ${f(r.search.p95)} / ${f(r.search.p99)} | ${r.contextPack ? `${f(r.contextPack.p50)} / ${f(r.contextPack.p95)}` : "—"} | ${f(r.rssMiB, 0)} |`,
  );
}
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(lines.join("\n"));
for (const s of skipped) console.log(`- ${s}`);
console.log("- Peers: not measured for speed in this run (see docs/benchmarks.md).");
const jsonPath = flag("json", "");
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ results, skipped }, null, 2));
process.exit(0);
