import { memories } from "@memro/db";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMemories, type WriteResult, writeMemories } from "../src/index.js";
import { rankRowsWithNeighbours } from "../src/memory/search-sql.js";
import { memoryVisibility } from "../src/memory/visibility.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());

const turn = (episode: string, position: number, speaker: string, text: string, day: number) => ({
  tier: "episodic" as const,
  content: `${speaker}: ${text}`,
  data: { speaker, episode, position, sourceId: `${episode}:${position}` },
  validFrom: new Date(Date.UTC(2023, 4, day)).toISOString(),
});

describe("search ranks episodic memories with conversation structure", () => {
  it("puts the answer that follows a question turn above an unrelated turn sharing a word", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    const a = agents.alpha!;
    await writeMemories(h.core, a, [
      turn("s1", 0, "Ann", "Morning! Busy week at work again.", 8),
      turn("s1", 1, "Bob", "What instrument are you learning these days?", 8),
      turn("s1", 2, "Ann", "The cello, my teacher says I am improving fast.", 8),
      turn("s1", 3, "Bob", "Nice. I am painting a lot lately.", 8),
      turn("s2", 0, "Bob", "I bought a new learning lamp for my desk.", 20),
      turn("s2", 1, "Ann", "Sounds cosy, I love warm light in the evening.", 20),
    ]);
    const hits = await searchMemories(h.core, a, {
      query: "What instrument is Ann learning?",
      k: 6,
      tiers: ["episodic"],
      explain: true,
    });
    const ids = hits.map((x) => (x.memory.data as { sourceId: string }).sourceId);
    const answer = ids.indexOf("s1:2");
    const lamp = ids.indexOf("s2:0");
    expect(answer).toBeGreaterThanOrEqual(0);
    expect(lamp < 0 || answer < lamp).toBe(true);
    const signals = hits[answer]!.signals!;
    // The answer shares only the speaker's name with the question: its asking neighbour lifts it.
    expect(signals.structure.answer).toBeGreaterThan(0);
    expect(signals.structure.speaker).toBeGreaterThan(0);
    expect(signals.structure.lexicalWindow).toBeGreaterThan(0);
  });

  it("finds neighbouring turns by place, whatever characters the episode name holds", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const odd = ['s,1 "quoted" {braced}', "back\\slash", "plain", "ünï cödé"];
    await writeMemories(
      h.core,
      agents.alpha!,
      odd.flatMap((e, i) => [turn(e, 0, "Ann", `first of ${i}`, 1), turn(e, 1, "Bob", `second of ${i}`, 1)]),
    );
    const db = h.core.memro.db;
    const where = await memoryVisibility(db, agents.alpha!, ns.id);
    const at = (position: number) =>
      h.core.memro.db
        .select({ id: memories.id, content: memories.content })
        .from(memories)
        .where(
          and(eq(memories.namespaceId, ns.id), sql`${memories.data}->>'position' = ${String(position)}`),
        );
    const rows = await at(1);
    expect(rows.map((r) => r.content).sort()).toEqual(odd.map((_, i) => `Bob: second of ${i}`).sort());
    // Neighbours are found by place from their hits.
    const firsts = await at(0);
    const read = await rankRowsWithNeighbours(
      db,
      ns.id,
      where,
      firsts.map((r) => r.id),
      10,
    );
    expect(read.hits.map((r) => r.id)).toEqual(firsts.map((r) => r.id));
    expect(read.neighbours.map((r) => r.content).sort()).toEqual(rows.map((r) => r.content).sort());
  });

  it("reads the first visible candidates in the order given, with their neighbouring turns", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const a = agents.alpha!;
    const written = (rs: WriteResult[]) => rs.map((r) => (r.status === "pending" ? "" : r.memory.id));
    const mine = written(
      await writeMemories(
        h.core,
        a,
        [0, 1, 2, 3, 4, 5].map((p) => turn("e", p, "Ann", `turn ${p}`, 2)),
      ),
    );
    const [hidden, nextToLast] = written(
      await writeMemories(h.core, agents.beta!, [
        { ...turn("x", 0, "Eve", "private candidate", 2), visibility: "private" as const },
        { ...turn("e", 6, "Eve", "private neighbour", 2), visibility: "private" as const },
      ]),
    );
    const [fractional, notTurn] = written(
      await writeMemories(h.core, a, [
        turn("f", 0, "Ann", "placed between turns", 2),
        {
          tier: "vector" as const,
          content: "a note shaped like a turn",
        },
      ]),
    );
    await h.core.memro.db.execute(
      sql`update memories set data = jsonb_set(data, '{position}', '1.5') where id = ${fractional!}`,
    );
    await h.core.memro.db.execute(
      sql`update memories set data = '{"episode": "e", "position": 2}'::jsonb where id = ${notTurn!}`,
    );
    const db = h.core.memro.db;
    const where = await memoryVisibility(db, a, ns.id);
    const id = (p: number) => mine[p]!;
    const content = (rows: { content: string }[]) => rows.map((r) => r.content).sort();

    const read = await rankRowsWithNeighbours(db, ns.id, where, [id(3), hidden!, id(0), id(5)], 2);
    // The hidden row is skipped, the limit stops before turn 5; position -1 does not exist.
    expect(read.hits.map((r) => r.id)).toEqual([id(3), id(0)]);
    expect(content(read.neighbours)).toEqual(["Ann: turn 1", "Ann: turn 2", "Ann: turn 4"]);

    // Another agent's private turn is no neighbour; nor do a fractional place or a non-episodic row have any.
    const last = await rankRowsWithNeighbours(db, ns.id, where, [id(5), fractional!, notTurn!], 10);
    expect(last.hits.map((r) => r.id)).toEqual([id(5), fractional!, notTurn!]);
    expect(content(last.neighbours)).toEqual(["Ann: turn 4"]);
    expect(nextToLast).toBeDefined();
    expect(await rankRowsWithNeighbours(db, ns.id, where, [], 10)).toEqual({ hits: [], neighbours: [] });
  });

  it("computes statistics and neighbours only from rows the actor may read", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    await writeMemories(h.core, agents.beta!, [
      { ...turn("p", 0, "Eve", "The vault code is zebra-17, keep it quiet.", 3), visibility: "private" },
    ]);
    await writeMemories(h.core, agents.alpha!, [
      turn("p", 1, "Ann", "Did you hear about the zebra at the zoo?", 3),
    ]);
    const hits = await searchMemories(h.core, agents.alpha!, {
      query: "zebra vault code",
      k: 10,
      explain: true,
    });
    expect(hits.map((x) => x.memory.content)).toEqual(["Ann: Did you hear about the zebra at the zoo?"]);
    // No neighbour from beta's private turn lent it a score.
    expect(hits[0]!.signals!.structure.neighbours).toBe(0);
  });

  it("brings the neighbouring turns of candidates ranked in SQL when hidden rows crowd out the proposals", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    // Beta's private turns take every lexical proposal and every nearest vector the search asks for.
    await writeMemories(
      h.core,
      agents.beta!,
      Array.from({ length: 400 }, (_, i) => ({
        ...turn(`b${i}`, 0, "Eve", `zebra number ${i} grazing by the zebra crossing`, 4),
        visibility: "private" as const,
      })),
    );
    await writeMemories(h.core, agents.alpha!, [
      turn("a", 0, "Ann", "I saw a zebra at the zoo today.", 4),
      turn("a", 1, "Bob", "What colour were its stripes, really?", 4),
    ]);
    const hits = await searchMemories(h.core, agents.alpha!, { query: "zebra", k: 10 });
    expect(hits.map((x) => x.memory.content)).toEqual([
      "Ann: I saw a zebra at the zoo today.",
      "Bob: What colour were its stripes, really?",
    ]);
  });

  it("counts an agent's hits as accessed; an operator's search counts nothing", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    await writeMemories(h.core, a, [
      note("harbour pilot schedule"),
      note("pilot boat moorings"),
      note("cake recipe"),
    ]);
    const counts = async () => {
      // Reads are counted behind the search: flush writes what was counted so far.
      await h.core.accessCounts.flush();
      return new Map(
        (await h.core.memro.db.select().from(memories).where(eq(memories.namespaceId, ns.id))).map((m) => [
          m.content,
          [m.accessCount, m.lastAccessedAt !== null] as const,
        ]),
      );
    };
    const hits = await searchMemories(h.core, a, { query: "harbour pilot", k: 2 });
    const found = hits.map((x) => x.memory.content).sort();
    expect(found).toEqual(["harbour pilot schedule", "pilot boat moorings"]);
    // The hit is the row as read, before this read was counted.
    expect(hits.map((x) => x.memory.accessCount)).toEqual([0, 0]);
    const after = await counts();
    for (const content of found) expect(after.get(content)).toEqual([1, true]);
    expect(after.get("cake recipe")).toEqual([0, false]);
    await searchMemories(h.core, h.admin, { query: "harbour pilot", k: 2 }, ns.id);
    expect(await counts()).toEqual(after);
  });
});
