import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type ApiProcess, startApiProcess } from "./api-process.js";
import { must, seedTenant } from "./client.js";
import { freshDatabase } from "./fresh-db.js";
import { percentiles, runLoad } from "./load.js";

const onPostgres = process.env.MEMRO_TEST_DB === "postgres" && Boolean(process.env.DATABASE_URL);
const AGENTS = Number(process.env.MEMRO_LOAD_AGENTS ?? 6);
const SECONDS = Number(process.env.MEMRO_LOAD_SECONDS ?? 8);

describe.skipIf(!onPostgres)("load and crash against the api process on PostgreSQL (short form)", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let api: ApiProcess;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await startApiProcess({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  it(`${AGENTS} agents × ${SECONDS}s mixed workload: no unexpected error, every acknowledged write present, chain verifies`, async () => {
    const tenant = await seedTenant(api.url, ADMIN, AGENTS);
    const result = await runLoad({
      url: api.url,
      namespaceId: tenant.namespaceId,
      operatorToken: tenant.token,
      agents: tenant.agents,
      seconds: SECONDS,
    });
    // The api's own account of a failure says more than the client's 500.
    if (result.unexpected.length)
      console.log(
        `api error lines:\n${api.logs
          .join("")
          .split("\n")
          .filter((l) => l.includes('"level":"error"'))
          .slice(0, 10)
          .join("\n")}`,
      );
    expect(result.unexpected).toEqual([]);
    expect(result.acknowledgedWrites.length).toBeGreaterThan(0);
    expect(result.latency.run?.length ?? 0).toBeGreaterThan(0);
    const present =
      await db.sql`select count(*)::int as n from memories where id = any(${result.acknowledgedWrites}::uuid[])`;
    expect(present[0]!.n).toBe(result.acknowledgedWrites.length);
    const orphans = await db.sql`select count(*)::int as n from memories m where not exists
      (select 1 from audit_events e where e.target_id = m.id::text and e.action = 'memory.create')`;
    expect(orphans[0]!.n).toBe(0);
    const chain = await must<{ ok: boolean }>(
      api.url,
      "GET",
      `/audit/verify?namespaceId=${tenant.namespaceId}`,
      tenant.token,
    );
    expect(chain.ok).toBe(true);
    const lines = Object.entries(result.latency).map(([k, v]) => `${k} ${JSON.stringify(percentiles(v))}`);
    console.log(
      `load: ${result.ops} ops in ${SECONDS}s = ${(result.ops / SECONDS).toFixed(0)} ops/s\n${lines.join("\n")}`,
    );
  });

  it("kill -9 in the middle of the load: after a restart every acknowledged write is there with its audit event, chain verifies", async () => {
    const tenant = await seedTenant(api.url, ADMIN, 4);
    let killed = false;
    const load = runLoad({
      url: api.url,
      namespaceId: tenant.namespaceId,
      operatorToken: tenant.token,
      agents: tenant.agents,
      seconds: 6,
      tolerateOutage: () => killed,
    });
    await new Promise((r) => setTimeout(r, 2500));
    killed = true;
    await api.stop("SIGKILL");
    const result = await load;
    expect(result.unexpected).toEqual([]);
    expect(result.outageErrors).toBeGreaterThan(0);
    api = await startApiProcess({ DATABASE_URL: db.url });
    const present =
      await db.sql`select count(*)::int as n from memories where id = any(${result.acknowledgedWrites}::uuid[])`;
    expect(present[0]!.n).toBe(result.acknowledgedWrites.length);
    const orphans = await db.sql`select count(*)::int as n from memories m where not exists
      (select 1 from audit_events e where e.target_id = m.id::text and e.action = 'memory.create')`;
    expect(orphans[0]!.n).toBe(0);
    const session = await must<{ token: string }>(api.url, "POST", "/auth/sign-in", null, {
      ...ADMIN,
      bearer: true,
    });
    const chain = await must<{ ok: boolean }>(
      api.url,
      "GET",
      `/audit/verify?namespaceId=${tenant.namespaceId}`,
      session.token,
    );
    expect(chain.ok).toBe(true);
  });
});
