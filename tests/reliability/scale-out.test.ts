import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type ApiProcess, startApiProcess } from "./api-process.js";
import { must, seedTenant } from "./client.js";
import { freshDatabase } from "./fresh-db.js";

const onPostgres = process.env.MEMRO_TEST_DB === "postgres" && Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)("two api processes on one PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let a: ApiProcess;
  let b: ApiProcess;
  beforeAll(async () => {
    db = await freshDatabase();
    a = await startApiProcess({ DATABASE_URL: db.url });
    b = await startApiProcess({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it("take writes at once into one linear chain that verifies, and each sees the other's writes at once", async () => {
    const tenant = await seedTenant(a.url, ADMIN, 2);
    const [one, two] = tenant.agents;
    const writes = Array.from({ length: 30 }, (_, i) =>
      must<{ memory: { id: string } }>(i % 2 ? b.url : a.url, "POST", "/memories", (i % 2 ? two : one)!.key, {
        memory: { tier: "vector", content: `instance note ${i} about the shared cache ${i * 31}` },
      }),
    );
    const written = await Promise.all(writes);
    const seqs =
      await db.sql`select seq from audit_events where namespace_id = ${tenant.namespaceId} order by seq`;
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
    const chain = await must<{ ok: boolean }>(
      b.url,
      "GET",
      `/audit/verify?namespaceId=${tenant.namespaceId}`,
      tenant.token,
    );
    expect(chain.ok).toBe(true);
    expect(written).toHaveLength(30);

    // Instance A has searched (and cached vectors, on a server without pgvector); a write
    // through B must be found through A on the very next search.
    await must(a.url, "POST", "/memories/search", one!.key, { query: "shared cache", k: 5 });
    const fresh = await must<{ memory: { id: string } }>(b.url, "POST", "/memories", one!.key, {
      memory: { tier: "vector", content: "zanzibar ferry timetable changed on monday" },
    });
    const hits = await must<{ memory: { id: string } }[]>(a.url, "POST", "/memories/search", one!.key, {
      query: "zanzibar ferry timetable",
      k: 3,
    });
    expect(hits[0]?.memory.id).toBe(fresh.memory.id);
  });

  it("a live event raised on one instance reaches a subscriber of the other", async () => {
    const tenant = await seedTenant(a.url, ADMIN, 1);
    const controller = new AbortController();
    const res = await fetch(`${b.url}/events?namespaceId=${tenant.namespaceId}`, {
      headers: { authorization: `Bearer ${tenant.token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const received = (async () => {
      let text = "";
      const decoder = new TextDecoder();
      while (!text.includes("memory.create")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    })();
    await new Promise((r) => setTimeout(r, 300));
    await must(a.url, "POST", "/memories", tenant.agents[0]!.key, {
      memory: { tier: "vector", content: "an event for the other instance" },
    });
    const text = await Promise.race([
      received,
      new Promise<string>((r) => setTimeout(() => r("timeout"), 10_000)),
    ]);
    controller.abort();
    expect(text).toContain("memory.create");
  });
});
