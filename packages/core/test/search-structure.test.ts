import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMemories, writeMemories } from "../src/index.js";
import { rankRowsAt } from "../src/memory/search-sql.js";
import { memoryVisibility } from "../src/memory/visibility.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

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
    const rows = await rankRowsAt(
      db,
      where,
      odd.map((episode) => ({ episode, position: 1 })),
    );
    expect(rows.map((r) => r.content).sort()).toEqual(odd.map((_, i) => `Bob: second of ${i}`).sort());
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
});
