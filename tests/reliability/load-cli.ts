// `pnpm test:load [--agents 50] [--seconds 60]`: the full load test against an api process on
// PostgreSQL (a fresh database on DATABASE_URL's server, default the local one).
import { ADMIN, startApiProcess } from "./api-process.js";
import { must, seedTenant } from "./client.js";
import { freshDatabase } from "./fresh-db.js";
import { percentiles, runLoad } from "./load.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
process.env.DATABASE_URL ||= "postgres://postgres@127.0.0.1:5432/postgres";
const agents = arg("agents", 50);
const seconds = arg("seconds", 60);
const db = await freshDatabase();
const api = await startApiProcess({
  DATABASE_URL: db.url,
  MEMRO_LOG_LEVEL: "warn",
  MEMRO_EMBEDDING_WORKERS: "2",
});
let failed = false;
try {
  const tenant = await seedTenant(api.url, ADMIN, agents);
  console.log(`load: ${agents} agents × ${seconds}s against ${api.url} (PostgreSQL)`);
  const result = await runLoad({
    url: api.url,
    namespaceId: tenant.namespaceId,
    operatorToken: tenant.token,
    agents: tenant.agents,
    seconds,
  });
  const present =
    await db.sql`select count(*)::int as n from memories where id = any(${result.acknowledgedWrites}::uuid[])`;
  const chain = await must<{ ok: boolean; headSeq: number }>(
    api.url,
    "GET",
    `/audit/verify?namespaceId=${tenant.namespaceId}`,
    tenant.token,
  );
  console.log(`throughput: ${result.ops} operations, ${(result.ops / seconds).toFixed(1)} ops/s`);
  console.log("| operation | n | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|");
  for (const [kind, values] of Object.entries(result.latency)) {
    const p = percentiles(values);
    console.log(`| ${kind} | ${p.n} | ${p.p50.toFixed(1)} | ${p.p95.toFixed(1)} | ${p.p99.toFixed(1)} |`);
  }
  console.log(
    `unexpected errors: ${result.unexpected.length}${result.unexpected.length ? `\n  ${result.unexpected.slice(0, 5).join("\n  ")}` : ""}`,
  );
  console.log(`acknowledged writes present: ${present[0]!.n}/${result.acknowledgedWrites.length}`);
  console.log(`audit chain: ${chain.ok ? "verifies" : "BROKEN"} (head seq ${chain.headSeq})`);
  failed = result.unexpected.length > 0 || present[0]!.n !== result.acknowledgedWrites.length || !chain.ok;
} finally {
  await api.stop();
  await db.drop();
}
process.exit(failed ? 1 : 0);
