import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadLocomo } from "../src/locomo.js";
import { MemroRetriever } from "../src/memro.js";
import { runRetrieval } from "../src/run-retrieval.js";

const dir = mkdtempSync(join(tmpdir(), "bench-memro-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A LoCoMo-shaped file: 2 sessions, 10 turns, 3 questions (one of them adversarial). */
function writeSample(): string {
  const t = (s: number, n: number, speaker: string, text: string, blip_caption?: string) => ({
    speaker,
    dia_id: `D${s}:${n}`,
    text,
    ...(blip_caption ? { blip_caption } : {}),
  });
  const sample = {
    sample_id: "tiny-1",
    conversation: {
      speaker_a: "Nora",
      speaker_b: "Sam",
      session_1_date_time: "1:56 pm on 8 May, 2023",
      session_1: [
        t(1, 1, "Nora", "Hey Sam, how was your weekend?"),
        t(1, 2, "Sam", "Great, I went kayaking on the lake with my cousin."),
        t(1, 3, "Nora", "I started learning the theremin last month!"),
        t(1, 4, "Sam", "That sounds wild. Is it hard?"),
        t(1, 5, "Nora", "Very, but my teacher is patient.", "a photo of a small electronic instrument"),
      ],
      session_2_date_time: "10:00 am on 20 June, 2023",
      session_2: [
        t(2, 1, "Sam", "I adopted a greyhound named Biscuit yesterday."),
        t(2, 2, "Nora", "Congrats! Where did you find him?"),
        t(2, 3, "Sam", "At the shelter downtown, he was very shy."),
        t(2, 4, "Nora", "My week was busy with work."),
        t(2, 5, "Sam", "Let's catch up again soon."),
      ],
    },
    qa: [
      {
        question: "What instrument did Nora start learning?",
        answer: "theremin",
        evidence: ["D1:3"],
        category: 4,
      },
      {
        question: "Where did Sam adopt Biscuit?",
        answer: "a shelter",
        evidence: ["D2:1", "D2:3"],
        category: 1,
      },
      {
        question: "What did Nora go kayaking with?",
        adversarial_answer: "cousin",
        evidence: ["D1:2"],
        category: 5,
      },
    ],
  };
  const file = join(dir, "tiny-locomo.json");
  writeFileSync(file, JSON.stringify([sample]));
  return file;
}

describe("the memro system on a LoCoMo-shaped file", () => {
  it("writes turns through core, searches them, and scores real retrievals", async () => {
    const dataset = loadLocomo(writeSample());
    const result = await runRetrieval(dataset, new MemroRetriever(), { progress: false });
    expect(result.perQuestion).toHaveLength(3);
    const [instrument, adopt, kayak] = result.perQuestion;
    // Every returned id is a turn of the conversation, each once.
    const known = new Set(dataset.cases[0]!.items.map((i) => i.id));
    for (const q of result.perQuestion) {
      expect(q.ranked.length).toBeGreaterThan(0);
      expect(q.ranked.every((id) => known.has(id))).toBe(true);
      expect(new Set(q.ranked).size).toBe(q.ranked.length);
    }
    // "instrument" appears only in the image caption of D1:5, whose question turn precedes it;
    // the answer turn D1:3 shares "learning" and "Nora" with the question.
    expect(instrument!.ranked.slice(0, 5)).toContain("D1:3");
    expect(instrument!.scores["recall@5"]).toBe(1);
    // "Biscuit" is rare: its turn ranks first, and the shelter answer follows as its neighbour.
    expect(adopt!.ranked[0]).toBe("D2:1");
    expect(adopt!.scores["recall@5"]).toBe(1);
    expect(kayak!.category).toBe("5");
    expect(kayak!.scores["recall@5"]).toBe(1);
    expect(result.aggregate.primary.n).toBe(2);
    expect(result.aggregate.primary.mrr).toBeGreaterThan(0.5);
  }, 180_000);
});
