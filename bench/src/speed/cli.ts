import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { measure, type SpeedResult } from "./measure.js";
import { measurePeer, type PeerSpeed, SPEED_PEERS } from "./peers.js";

/**
 * `pnpm bench:speed [--sizes 10000,100000] [--db pglite,postgres] [--queries 200]
 *  [--pglite-max 10000] [--peers langgraph-inmemory,mem0-oss|none] [--json FILE]`. PostgreSQL is reached at DATABASE_URL (a server
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
const peerNames = flag("peers", SPEED_PEERS.map((p) => p.name).join(",")).split(",");
const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

const results: SpeedResult[] = [];
const peers: PeerSpeed[] = [];
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
  for (const peer of SPEED_PEERS.filter((p) => peerNames.includes(p.name))) {
    if (size > peer.maxSize) {
      skipped.push(`${peer.name} at ${size.toLocaleString()}: not measured (${peer.limit})`);
      continue;
    }
    try {
      peers.push(await measurePeer(peer, size, queries));
    } catch (err) {
      skipped.push(
        `${peer.name} at ${size.toLocaleString()}: could not run here (${(err as Error).message})`,
      );
    }
  }
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");
const header =
  "| database | vectors | memories | start s | bulk writes/s | single writes/s | writes/s with embedding | search p50 / p95 / p99 ms (HTTP) | search p50 / p95 ms (in-process) | pack p50 / p95 ms | RSS MiB |";
const lines = [header, `|${"---|".repeat(11)}`];
for (const r of results) {
  lines.push(
    `| ${r.database} | ${r.vectorPath} | ${r.memories.toLocaleString()} | ${f(r.startMs / 1000)} | ${f(r.bulkWritesPerSec, 0)} | ${f(r.singleWritesPerSec, 0)} | ${f(r.embeddedWritesPerSec, 0)} | ${f(r.search.p50)} / ${f(r.search.p95)} / ${f(r.search.p99)} | ${f(r.searchInProcess.p50)} / ${f(r.searchInProcess.p95)} | ${f(r.contextPack.p50)} / ${f(r.contextPack.p95)} | ${f(r.rssMiB, 0)} |`,
  );
}
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(lines.join("\n"));
if (peers.length > 0) console.log(`\n${peerTable(results, peers)}`);
for (const s of skipped) console.log(`- ${s}`);
const jsonPath = flag("json", "");
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ results, peers, skipped }, null, 2));
process.exit(0);

/**
 * Peers beside MemroOS on the same data, all in-process. The reference is MemroOS on
 * PostgreSQL at the same size (PGlite when PostgreSQL was not run). A search ratio above 1
 * and a writes ratio below 1 favour MemroOS.
 */
function peerTable(ours: SpeedResult[], others: PeerSpeed[]): string {
  const rows = [
    "| system | memories | writes/s (vectors given) | search p50 / p95 / p99 ms (in-process) | its search p95 ÷ MemroOS's | its writes/s ÷ MemroOS's |",
    `|${"---|".repeat(6)}`,
  ];
  for (const p of others) {
    const ref =
      ours.find((r) => r.memories === p.memories && r.database === "postgres") ??
      ours.find((r) => r.memories === p.memories);
    const ratio = (a: number | undefined, b: number | undefined) =>
      a && b ? `${(a / b).toPrecision(2)}×` : "—";
    rows.push(
      `| ${p.system} | ${p.memories.toLocaleString()} | ${f(p.writesPerSec, 0)} | ${f(p.search.p50)} / ${f(p.search.p95)} / ${f(p.search.p99)} | ${ratio(p.search.p95, ref?.searchInProcess.p95)} | ${ratio(p.writesPerSec, ref?.bulkWritesPerSec)} |`,
    );
  }
  return rows.join("\n");
}
