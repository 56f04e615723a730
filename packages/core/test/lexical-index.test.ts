import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMemories, updateMemory, writeMemories } from "../src/index.js";
import { LexicalIndex } from "../src/memory/lexical-index.js";
import { queryLexemes } from "../src/memory/search-sql.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

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

  it("never lets a proposal reach an agent that may not read it", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    await writeMemories(h.core, agents.alpha!, [note("private lighthouse keeper notes", "private")]);
    await writeMemories(h.core, agents.beta!, [note("a lighthouse postcard")]);
    const hits = await searchMemories(h.core, agents.beta!, { query: "lighthouse keeper" });
    expect(hits.map((x) => x.memory.content)).toEqual(["a lighthouse postcard"]);
  });
});
