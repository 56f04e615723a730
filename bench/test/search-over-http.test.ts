import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnv, startApi } from "@memro/api";
import * as core from "@memro/core";
import { createDb, type MemroDb } from "@memro/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchOverHttp } from "../src/speed/search-over-http.js";

const dir = mkdtempSync(join(tmpdir(), "bench-http-client-"));
let api: Awaited<ReturnType<typeof startApi>>;
let key: string;

beforeAll(async () => {
  const db = await createDb({ kind: "pglite", dataDir: join(dir, "db") });
  api = await startApi(
    loadEnv({
      MEMRO_DATA_DIR: join(dir, "data"),
      MEMRO_LOG_LEVEL: "silent",
      MEMRO_ADMIN_PASSWORD: "bench-password-123",
      PATH: "",
    }),
    { port: 0, db: db as MemroDb },
  );
  const sys = core.systemActor("test");
  const ns = await core.createNamespace(api.core, sys, { slug: "http-client" });
  const agent = await core.createAgent(api.core, sys, { namespaceId: ns.id, name: "bench" });
  ({ key } = await core.createApiKey(api.core, sys, agent.id));
  const actor = await core.authenticateApiKey(api.core, key);
  await core.writeMemory(api.core, actor, {
    tier: "episodic",
    content: "The backup restore ran after the outage.",
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the speed benchmark's HTTP client (its own process)", () => {
  it("times each search after the warm-up ones", async () => {
    const ms = await searchOverHttp(api.url, key, ["outage"], ["backup restore", "outage", "nothing here"]);
    expect(ms).toHaveLength(3);
    for (const t of ms) expect(t).toBeGreaterThan(0);
  });

  it("fails on a refused search rather than timing it", async () => {
    await expect(searchOverHttp(api.url, "mk_not-a-key", [], ["outage"])).rejects.toThrow(
      /search failed with 401/,
    );
  });
});
