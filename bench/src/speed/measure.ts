import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnv, startApi } from "@memro/api";
import * as core from "@memro/core";
import { createDb, type MemroDb } from "@memro/db";
import postgres from "postgres";
import { Progress } from "../progress.js";
import { searchOverHttp } from "./search-over-http.js";
import { type Latency, latency, speedQuery, syntheticText, vectorStream } from "./stats.js";

export interface SpeedResult {
  database: "pglite" | "postgres";
  vectorPath: string;
  memories: number;
  startMs: number;
  bulkWritesPerSec: number;
  singleWritesPerSec: number;
  embeddedWritesPerSec: number;
  search: Latency;
  /** The same queries through `searchMemories`, without HTTP. */
  searchInProcess: Latency;
  contextPack: Latency;
  rssMiB: number;
}

const BATCH = 500;
/** Untimed searches and packs before the timed ones (see `measure`). */
const WARMUP_SEARCHES = 50;
const WARMUP_PACKS = 10;

async function openDatabase(kind: "pglite" | "postgres", adminUrl: string) {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "memro-speed-"));
    return {
      db: await createDb({ kind: "pglite", dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `memro_speed_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    db: await createDb({ kind: "postgres", url: url.toString() }),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Loads `size` memories into one namespace and measures writes, search over HTTP, packs, start and memory. */
export async function measure(
  kind: "pglite" | "postgres",
  size: number,
  opts: { queries: number; adminUrl: string },
): Promise<SpeedResult> {
  const started = performance.now();
  const opened = await openDatabase(kind, opts.adminUrl);
  const dataDir = mkdtempSync(join(tmpdir(), "memro-speed-api-"));
  const api = await startApi(
    loadEnv({
      MEMRO_DATA_DIR: dataDir,
      MEMRO_LOG_LEVEL: "silent",
      MEMRO_ADMIN_PASSWORD: "bench-password-123",
      PATH: "",
    }),
    { port: 0, db: opened.db as MemroDb },
  );
  const startMs = performance.now() - started;
  const c = api.core;
  const sys = core.systemActor("benchmark");
  const ns = await core.createNamespace(c, sys, { slug: `speed-${Date.now()}` });
  const agent = await core.createAgent(c, sys, { namespaceId: ns.id, name: "bench" });
  const { key } = await core.createApiKey(c, sys, agent.id);
  const actor = await core.authenticateApiKey(c, key);
  const nextVector = vectorStream(c.embeddings.dimensions);
  const item = (i: number) => ({
    tier: "episodic" as const,
    content: syntheticText(i),
    validFrom: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    data: { episode: `e${Math.floor(i / 50)}`, position: i % 50 },
  });

  const bar = new Progress(`${kind} ${size.toLocaleString()}: loading`, size);
  let t = performance.now();
  for (let s = 0; s < size; s += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, size - s) }, (_, k) => item(s + k));
    await core.writeMemories(c, actor, items, {
      vectors: items.map(() => nextVector()),
    });
    bar.tick(items.length);
  }
  bar.finish();
  const bulkWritesPerSec = size / ((performance.now() - t) / 1000);

  const singles = 300;
  t = performance.now();
  for (let i = 0; i < singles; i++) {
    await core.writeMemory(c, actor, item(size + i), {
      vectors: [nextVector()],
    });
  }
  const singleWritesPerSec = singles / ((performance.now() - t) / 1000);

  const embedded = 200;
  t = performance.now();
  for (let s = 0; s < embedded; s += 50) {
    await core.writeMemories(
      c,
      actor,
      Array.from({ length: 50 }, (_, k) => item(size + singles + s + k)),
    );
  }
  const embeddedWritesPerSec = embedded / ((performance.now() - t) / 1000);

  // Steady state, as a server runs: the first searches after loading pay for the JIT and for
  // collecting the load's garbage. Warm-up queries are other texts than the timed ones.
  const latencies = await searchOverHttp(
    api.url,
    key,
    Array.from({ length: WARMUP_SEARCHES }, (_, w) => speedQuery(opts.queries + w)),
    Array.from({ length: opts.queries }, (_, q) => speedQuery(q)),
  );
  // The same queries without HTTP, as the peers (in-process libraries) are measured.
  const inProcess: number[] = [];
  for (let q = 0; q < opts.queries; q++) {
    const t0 = performance.now();
    await core.searchMemories(c, actor, { query: speedQuery(q), k: 10 });
    inProcess.push(performance.now() - t0);
  }

  const pack = (q: number) =>
    core.startRun(c, actor, { task: syntheticText(q * 17 + 3).slice(15), tokenBudget: 2000 });
  for (let w = 0; w < WARMUP_PACKS; w++) await pack(opts.queries + w);
  const packs: number[] = [];
  for (let q = 0; q < Math.min(100, opts.queries); q++) {
    const t0 = performance.now();
    await pack(q);
    packs.push(performance.now() - t0);
  }
  const contextPack = latency(packs);
  const rssMiB = process.memoryUsage().rss / 1024 / 1024;
  const vectorPath = c.vectors.mode;
  await api.close();
  await opened.drop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    database: kind,
    vectorPath,
    memories: size,
    startMs,
    bulkWritesPerSec,
    singleWritesPerSec,
    embeddedWritesPerSec,
    search: latency(latencies),
    searchInProcess: latency(inProcess),
    contextPack,
    rssMiB,
  };
}
