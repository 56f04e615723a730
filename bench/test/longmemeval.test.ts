import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Bm25Retriever } from "../src/bm25.js";
import { loadLongMemEval } from "../src/longmemeval.js";
import { runRetrieval } from "../src/run-retrieval.js";

const dir = mkdtempSync(join(tmpdir(), "lme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sessions = [
  [
    { role: "user", content: "I adopted a beagle named Rex last week." },
    { role: "assistant", content: "Congratulations on Rex!" },
  ],
  [
    { role: "user", content: "My sister moved to Lisbon in spring." },
    { role: "assistant", content: "Lisbon is lovely." },
  ],
  [{ role: "user", content: "I bought a red bicycle for commuting.", has_answer: true }],
];
const question = (id: string, q: string, answer: string[]) => ({
  question_id: id,
  question_type: id.startsWith("a") ? "single-session-user" : "multi-session",
  question: q,
  answer: "x",
  question_date: "2023/06/01 (Thu) 10:00",
  haystack_session_ids: ["s-dog", "s-sister", "s-bike"],
  haystack_dates: ["2023/05/01 (Mon) 09:00", "2023/05/02 (Tue) 09:00", "2023/05/03 (Wed) 09:00"],
  haystack_sessions: sessions,
  answer_session_ids: answer,
});

describe("LongMemEval", () => {
  it("loads user turns per question, skips _abs, and scores sessions", async () => {
    const file = join(dir, "lme.json");
    writeFileSync(
      file,
      JSON.stringify([
        question("a1", "What is the name of my beagle?", ["s-dog"]),
        question("b2", "Where does my sister live and what bicycle did I buy?", ["s-sister", "s-bike"]),
        question("c3_abs", "What is my cat called?", ["s-dog"]),
      ]),
    );
    const ds = loadLongMemEval(file);
    expect(ds.cases.map((c) => c.id)).toEqual(["a1", "b2"]);
    expect(ds.cases[0]?.items.map((i) => i.id)).toEqual(["s0t0", "s1t0", "s2t0"]);
    expect(ds.cases[0]?.items[2]?.time.toISOString()).toBe("2023-05-03T09:00:00.000Z");

    const result = await runRetrieval(ds, new Bm25Retriever(), { progress: false });
    const [a1, b2] = result.perQuestion;
    expect(a1?.ranked[0]).toBe("s0t0");
    expect(a1?.scores["recall_all@5"]).toBe(1);
    expect(a1?.scores["ndcg@5"]).toBe(1);
    expect(b2?.scores["recall_all@5"]).toBe(1);
    expect(result.aggregate.primary.n).toBe(2);
  });
});
