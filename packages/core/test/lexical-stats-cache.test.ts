import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun, writeMemory } from "../src/index.js";
import { memoryVisibility } from "../src/memory/visibility.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());

describe("BM25 statistics cache", () => {
  it("follows every audited write and counts only the rows the actor may see", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const db = h.core.memro.db;
    const stats = async (who: "alpha" | "beta") =>
      h.core.lexicalStats.get(db, ns.id, await memoryVisibility(db, agents[who]!, ns.id), ["kayak", "lake"]);

    await writeMemory(h.core, agents.alpha!, note("We took the kayak out on the lake"));
    await writeMemory(h.core, agents.alpha!, note("The lake froze early this year"));
    expect(await stats("beta")).toEqual({
      docCount: 2,
      avgLength: expect.any(Number),
      df: { kayak: 1, lake: 2 },
    });

    // A write through the audited path moves the chain head: the next read recomputes.
    await writeMemory(h.core, agents.alpha!, note("A second kayak, bright red"));
    expect((await stats("beta")).df).toEqual({ kayak: 2, lake: 2 });

    // alpha's private memory counts for alpha only: entries are per visible-rows condition.
    await writeMemory(h.core, agents.alpha!, note("kayak paddles in the shed", "private"));
    expect((await stats("alpha")).df.kayak).toBe(3);
    expect((await stats("alpha")).docCount).toBe(4);
    expect((await stats("beta")).df.kayak).toBe(2);
    expect((await stats("beta")).docCount).toBe(3);
  });

  it("reuses the statistics while only run bookkeeping is appended to the chain", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    await writeMemory(h.core, agents.alpha!, note("kayak trip planned"));
    const visible = await memoryVisibility(db, agents.alpha!, ns.id);
    expect((await h.core.lexicalStats.get(db, ns.id, visible, ["kayak"])).docCount).toBe(1);
    // A row slipped in without an audit event (never done by the product): the head did not
    // move, so the cached count shows the cache was used rather than recomputed.
    await db.execute(sql`insert into memories (namespace_id, tier, content, content_hash, visibility, author_agent_id)
      select namespace_id, tier, 'kayak again', 'x', visibility, author_agent_id from memories where namespace_id = ${ns.id} limit 1`);
    expect((await h.core.lexicalStats.get(db, ns.id, visible, ["kayak"])).docCount).toBe(1);
    // Starting a run appends `run.start` to the chain but changes no memory: still cached.
    await startRun(h.core, agents.alpha!, { task: "plan the kayak trip" });
    expect((await h.core.lexicalStats.get(db, ns.id, visible, ["kayak"])).docCount).toBe(1);
    await writeMemory(h.core, agents.alpha!, note("another kayak"));
    expect((await h.core.lexicalStats.get(db, ns.id, visible, ["kayak"])).docCount).toBe(3);
  });
});
