import { queryRows } from "@memro/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMemories, writeMemory } from "../src/index.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());

const plannerRows = async () => {
  const [row] = await queryRows<{ rows: number | string }>(
    h.core.memro.db,
    sql`select reltuples as rows from pg_class where oid = 'memories'::regclass`,
  );
  return Number(row?.rows);
};

describe("planner statistics", () => {
  it("are refreshed by the write path once enough memories were written (no autovacuum needed)", async () => {
    const { agents } = await tenant(h, ["alpha"]);
    await writeMemory(h.core, agents.alpha!, { tier: "vector", content: "first note" });
    await h.core.plannerStats.settled();
    const before = await plannerRows();
    const items = Array.from({ length: 120 }, (_, i) => ({
      tier: "vector" as const,
      content: `note number ${i}`,
    }));
    await writeMemories(h.core, agents.alpha!, items);
    await h.core.plannerStats.settled();
    // The table was analysed after the batch: the planner now knows its 121 rows.
    expect(before).not.toBe(121);
    expect(await plannerRows()).toBe(121);
  });
});
