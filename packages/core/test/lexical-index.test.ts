import { type Executor, queryRows } from "@memro/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMemories, updateMemory, writeMemories } from "../src/index.js";
import { LexicalIndex } from "../src/memory/lexical-index.js";
import { LexicalStatsCache } from "../src/memory/lexical-stats-cache.js";
import { documentTerms, queryLexemes } from "../src/memory/search-sql.js";
import { createVectorIndex } from "../src/memory/vector-index.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

/** An index that stops catching up, as one would between its catch-up and the rows' read. */
class LaggingIndex extends LexicalIndex {
  lagging = false;
  private held?: ReturnType<LexicalIndex["refresh"]>;
  protected override refresh(db: Executor, namespaceId: string) {
    if (!this.lagging || !this.held) this.held = super.refresh(db, namespaceId);
    return this.held;
  }
}

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());

describe("in-process lexical index", () => {
  it("proposes by BM25 and follows writes made through another core's index", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    const written = await writeMemories(h.core, agents.alpha!, [
      note("the ferry to the island leaves at noon"),
      note("ferry ferry ferry timetable"),
      note("nothing about boats here"),
    ]);
    const ids = written.map((w) => (w.status === "pending" ? "" : w.memory.id));
    // A second index over the same database, as another api process would hold.
    const other = new LexicalIndex();
    const lexemes = await queryLexemes(db, "ferry timetable");
    expect(await other.propose(db, ns.id, lexemes, 10)).toEqual([ids[1], ids[0]]);

    await updateMemory(h.core, agents.alpha!, { id: ids[2]!, content: "the timetable changed for winter" });
    const after = await other.propose(db, ns.id, lexemes, 10);
    expect(after[0]).toBe(ids[1]);
    expect(new Set(after)).toEqual(new Set(ids));
    // The rewritten memory is proposed for its new words only.
    expect(await other.propose(db, ns.id, await queryLexemes(db, "boats"), 10)).toEqual([]);
  });

  it("proposes only the tiers asked for, so a narrow search does not spend its proposals elsewhere", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    const written = await writeMemories(h.core, agents.alpha!, [
      note("harbour pilot boards the tanker"),
      { ...note("harbour pilot log, day three"), tier: "episodic" as const },
    ]);
    const ids = written.map((w) => (w.status === "pending" ? "" : w.memory.id));
    const lexemes = await queryLexemes(db, "harbour pilot");
    const index = new LexicalIndex();
    expect(await index.propose(db, ns.id, lexemes, 10, ["episodic"])).toEqual([ids[1]]);
    expect(await index.propose(db, ns.id, lexemes, 10, ["vector", "knowledge"])).toEqual([ids[0]]);
    expect(new Set(await index.propose(db, ns.id, lexemes, 10))).toEqual(new Set(ids));
    // Filtering other candidates (nearest vectors) by tier; an id it does not know is kept.
    const unknown = "00000000-0000-0000-0000-000000000000";
    expect(index.ofTiers(ns.id, [...ids, unknown], ["episodic"])).toEqual([ids[1], unknown]);
    expect(index.ofTiers(ns.id, ids, undefined)).toEqual(ids);
  });

  it("describes documents as PostgreSQL does, and says which version of a row it describes", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    const written = await writeMemories(h.core, agents.alpha!, [
      note("Ferries ferry the ferryman's ferry to the islands"),
      note("islands without a timetable"),
      note("nothing to see"),
    ]);
    const ids = written.map((w) => (w.status === "pending" ? "" : w.memory.id));
    const lexemes = await queryLexemes(db, "ferry island timetable");
    const index = new LaggingIndex();
    await index.propose(db, ns.id, lexemes, 10);
    const fromIndex = index.documents(ns.id, lexemes, [...ids, "00000000-0000-0000-0000-000000000000"]);
    const fromSql = await documentTerms(db, lexemes, ids);
    expect(fromIndex.size).toBe(3);
    for (const id of ids) {
      expect(fromIndex.get(id)!.terms).toEqual(fromSql.get(id)!.terms);
      expect(fromIndex.get(id)!.length).toBe(fromSql.get(id)!.length);
    }
    expect(fromIndex.get(ids[0]!)!.terms.ferri).toBe(3);

    // A rewrite the index has not caught up with: its description names the old vec_seq.
    const before = fromIndex.get(ids[2]!)!.seq;
    await updateMemory(h.core, agents.alpha!, { id: ids[2]!, content: "a ferry timetable" });
    expect(index.documents(ns.id, lexemes, [ids[2]!]).get(ids[2]!)!.seq).toBe(before);
    const [row] = await queryRows<{ vec_seq: string }>(
      db,
      sql`select vec_seq from memories where id = ${ids[2]}`,
    );
    expect(Number(row!.vec_seq)).toBeGreaterThan(before);
    // A search whose index lags (another process wrote between its catch-up and its read) takes
    // such rows' terms from PostgreSQL: the rewrite is scored by its new words, not its old ones.
    index.lagging = true;
    const hits = await searchMemories({ ...h.core, lexicon: index }, agents.alpha!, {
      query: "ferry timetable",
      explain: true,
    });
    const rewritten = hits.find((x) => x.memory.id === ids[2]);
    expect(rewritten?.memory.content).toBe("a ferry timetable");
    expect(rewritten!.signals!.bm25).toBeGreaterThan(0);
  });

  it("a search in another process sees a write at once, by its words and its meaning", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    // Another api process over the same database: its own vector cache, lexicon and statistics.
    const other = {
      ...h.core,
      vectors: createVectorIndex(
        h.core.memro.vectorMode,
        h.core.embeddings.dimensions,
        h.core.memro.dimensions,
      ),
      lexicon: new LexicalIndex(),
      lexicalStats: new LexicalStatsCache(),
    };
    await writeMemories(h.core, agents.alpha!, [note("the lighthouse lamp was replaced")]);
    expect((await searchMemories(other, agents.alpha!, { query: "glacier crossing" })).length).toBe(1);
    await writeMemories(h.core, agents.alpha!, [note("we planned the glacier crossing for May")]);
    const [hit] = await searchMemories(other, agents.alpha!, { query: "glacier crossing", explain: true });
    expect(hit!.memory.content).toBe("we planned the glacier crossing for May");
    expect(hit!.signals!.bm25).toBeGreaterThan(0);
    expect(hit!.signals!.dense).toBeGreaterThan(0.3);
    // Its lexicon caught up too (in a namespace this small the vectors alone would find it).
    const lexemes = await queryLexemes(db, "glacier crossing");
    expect(other.lexicon.documents(ns.id, lexemes, [hit!.memory.id]).get(hit!.memory.id)?.terms).toEqual({
      glacier: 1,
      cross: 1,
    });
  });

  it("never lets a proposal reach an agent that may not read it", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    await writeMemories(h.core, agents.alpha!, [note("private lighthouse keeper notes", "private")]);
    await writeMemories(h.core, agents.beta!, [note("a lighthouse postcard")]);
    const hits = await searchMemories(h.core, agents.beta!, { query: "lighthouse keeper" });
    expect(hits.map((x) => x.memory.content)).toEqual(["a lighthouse postcard"]);
  });
});
