import { testDbKind } from "@memro/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMemories, writeMemory } from "../src/index.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
});
afterAll(async () => {
  await h.dispose();
});

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Two transactions at once need two connections: PGlite has one.
describe.skipIf(testDbKind() !== "postgres")("vec_seq order within a namespace", () => {
  it("a write that took its vec_seq before another's commits is still loaded by the in-process indexes", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const alpha = agents.alpha!;
    const beta = agents.beta!;
    await writeMemory(h.core, beta, note("the ferry timetable for the islands"));
    // The indexes of this process hold the namespace as it is now.
    await searchMemories(h.core, beta, { query: "ferry timetable" });

    // Another connection locks alpha's agent row: alpha's insert, its row already given a
    // vec_seq, then waits in its foreign-key check, inside its transaction.
    const other = postgres(h.testDb.url!, { max: 2, onnotice: () => {} });
    const blocker = await other.reserve();
    await blocker`begin`;
    await blocker`select 1 from agents where id = ${alpha.agentId} for update`;
    const waiting = async () =>
      Number((await other`select count(*)::int as n from pg_locks where not granted`)[0]!.n);
    try {
      const slow = writeMemory(h.core, alpha, note("zebra crossing painted near the harbour"));
      await until(async () => (await waiting()) >= 1, "alpha's write to wait");
      // Beta writes meanwhile. Without ordering it commits first with the higher vec_seq and a
      // search loads it, moving this process's indexes past alpha's lower one.
      let fastDone = false;
      const fast = writeMemory(h.core, beta, note("lighthouse keeper rota for winter")).then((r) => {
        fastDone = true;
        return r;
      });
      await until(async () => fastDone || (await waiting()) >= 2, "beta's write to finish or wait");
      await searchMemories(h.core, beta, { query: "lighthouse keeper" });
      await blocker`commit`;
      const [written] = await Promise.all([slow, fast]);
      if (written.status !== "created") throw new Error("unexpected");

      const hits = await searchMemories(h.core, alpha, { query: "zebra crossing harbour", k: 3 });
      expect(hits[0]?.memory.id).toBe(written.memory.id);
      expect(h.core.lexicon.documents(ns.id, [], [written.memory.id]).has(written.memory.id)).toBe(true);
    } finally {
      blocker.release();
      await other.end();
    }
  });
});
