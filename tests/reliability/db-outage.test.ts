import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type ApiProcess, freePort, startApiProcess } from "./api-process.js";
import { call, seedTenant } from "./client.js";
import { freshDatabase } from "./fresh-db.js";
import { startProxy } from "./tcp-proxy.js";

const onPostgres = process.env.MEMRO_TEST_DB === "postgres" && Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)("the database goes away under the api and comes back", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let api: ApiProcess;
  beforeAll(async () => {
    db = await freshDatabase();
    const port = await freePort();
    const target = new URL(db.url);
    proxy = await startProxy(port, { host: target.hostname, port: Number(target.port || 5432) });
    target.host = `127.0.0.1:${port}`;
    api = await startApiProcess({ DATABASE_URL: target.toString() });
  });
  afterAll(async () => {
    await api?.stop();
    await proxy?.down().catch(() => {});
    await db?.drop();
  });

  it("answers 503 with Retry-After while it is down, and recovers by itself", async () => {
    const tenant = await seedTenant(api.url, ADMIN, 1);
    const key = tenant.agents[0]!.key;
    const write = (content: string) =>
      call(api.url, "POST", "/memories", key, { memory: { tier: "vector", content } });
    expect((await write("before the outage")).status).toBe(200);

    await proxy.down();
    const during = await write("during the outage");
    expect(during.status).toBe(503);
    expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(503);

    await proxy.up();
    let after = await write("after the outage");
    for (let i = 0; i < 20 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await write("after the outage");
    }
    expect(after.status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const rows = await db.sql`select content from memories where content like '%the outage'`;
    expect(rows.map((r) => r.content).sort()).toEqual(["after the outage", "before the outage"]);
  });
});
