import { memories } from "@memro/db";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMemory, writeMemories } from "../src/index.js";
import { AccessCounts } from "../src/memory/access-counts.js";
import { type Harness, note, operator, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
});
afterAll(async () => {
  await h.dispose();
});

async function written(n: number) {
  const { agents } = await tenant(h, ["alpha"]);
  const results = await writeMemories(
    h.core,
    agents.alpha!,
    Array.from({ length: n }, (_, i) => note(`access counted memory number ${i}`)),
  );
  const ids = results.map((r) => (r.status === "created" ? r.memory.id : ""));
  return { agent: agents.alpha!, ids };
}

async function countsOf(ids: string[]) {
  const rows = await h.core.memro.db.select().from(memories).where(inArray(memories.id, ids));
  return new Map(rows.map((m) => [m.id, { reads: m.accessCount, at: m.lastAccessedAt }]));
}

describe("access counts, written behind the reads", () => {
  it("adds up repeated reads into one update, written only when flushed", async () => {
    const { ids } = await written(3);
    const [a, b, c] = ids as [string, string, string];
    // A delay no test waits out: only flush() writes.
    const counter = new AccessCounts(h.core.memro.db, 600_000);
    counter.record([a, b]);
    counter.record([a]);
    counter.record([]);
    expect([...(await countsOf(ids)).values()].map((x) => x.reads)).toEqual([0, 0, 0]);
    const before = Date.now();
    await counter.flush();
    const after = await countsOf(ids);
    expect(after.get(a)!.reads).toBe(2);
    expect(after.get(b)!.reads).toBe(1);
    expect(after.get(c)).toEqual({ reads: 0, at: null });
    expect(after.get(a)!.at!.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    // Nothing pending: a second flush changes nothing.
    await counter.flush();
    expect(await countsOf(ids)).toEqual(after);
  });

  it("never moves last_accessed_at back", async () => {
    const { ids } = await written(1);
    const id = ids[0]!;
    const counter = new AccessCounts(h.core.memro.db, 600_000);
    counter.record([id]);
    await counter.flush();
    const first = (await countsOf(ids)).get(id)!;
    await h.core.memro.db
      .update(memories)
      .set({ lastAccessedAt: new Date(Date.now() + 86_400_000) })
      .where(inArray(memories.id, ids));
    counter.record([id]);
    await counter.flush();
    const second = (await countsOf(ids)).get(id)!;
    expect(second.reads).toBe(first.reads + 1);
    expect(second.at!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it("writes on its own shortly after a read, without a flush", async () => {
    const { ids } = await written(1);
    const counter = new AccessCounts(h.core.memro.db, 20);
    counter.record(ids);
    const deadline = Date.now() + 5_000;
    while ((await countsOf(ids)).get(ids[0]!)!.reads === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect((await countsOf(ids)).get(ids[0]!)!.reads).toBe(1);
  });

  it("counts an agent's getMemory; an operator's counts nothing", async () => {
    const { agent, ids } = await written(1);
    const id = ids[0]!;
    const got = await getMemory(h.core, agent, id);
    // The memory comes back as it was read, before this read is counted.
    expect(got.accessCount).toBe(0);
    await getMemory(h.core, await operator(h, "viewer"), id, agent.namespaceId);
    await h.core.accessCounts.flush();
    expect((await countsOf(ids)).get(id)!.reads).toBe(1);
  });
});
