import { describe, expect, it } from "vitest";
import { analyseQuery, type Candidate, DEFAULT_WEIGHTS, minMax, rank } from "../src/retrieval/index.js";

const stats = { docCount: 100, avgLength: 5, df: { hike: 3, mountain: 2 } };
const turn = (
  position: number,
  speaker: string,
  content: string,
  terms: Record<string, number> = {},
  extra: Partial<Candidate> = {},
): Candidate => ({
  id: `t${position}`,
  content,
  terms,
  length: 5,
  sequence: "s1",
  position,
  speaker,
  time: new Date("2023-05-08T12:00:00Z"),
  ...extra,
});

describe("minMax", () => {
  it("scales to [0, 1] and maps a constant list to zeros", () => {
    expect(minMax([2, 4, 3])).toEqual([0, 1, 0.5]);
    expect(minMax([7, 7])).toEqual([0, 0]);
  });
});

describe("rank", () => {
  const query = analyseQuery("Where did Ann hike?", ["Ann", "Bob"]);

  it("puts the best lexical match first and explains every signal", () => {
    const out = rank({
      query,
      queryTerms: ["hike"],
      stats,
      candidates: [
        turn(1, "Bob", "Hello"),
        turn(5, "Ann", "I hike a lot", { hike: 1 }),
        turn(9, "Bob", "Bye"),
      ],
    });
    expect(out[0]?.id).toBe("t5");
    expect(out[0]?.signals.lexical).toBe(DEFAULT_WEIGHTS.lexical);
    expect(out[0]?.signals.speaker).toBe(DEFAULT_WEIGHTS.speaker);
    const sum = Object.values(out[0]!.signals).reduce((a, x) => a + x, 0);
    expect(out[0]?.score).toBeCloseTo(sum, 12);
  });

  it("lifts the answer that follows a matching question from another speaker", () => {
    const out = rank({
      query,
      queryTerms: ["hike"],
      stats,
      candidates: [
        turn(1, "Bob", "Where did you hike?", { hike: 1 }),
        turn(2, "Ann", "Up the old mountain trail."),
        turn(3, "Bob", "Nice."),
        turn(4, "Ann", "Ok."),
      ],
    });
    const t2 = out.find((r) => r.id === "t2")!;
    const t4 = out.find((r) => r.id === "t4")!;
    expect(t2.signals.lexicalWindow).toBeGreaterThan(0);
    expect(t2.signals.answer).toBeGreaterThan(0);
    expect(out.findIndex((r) => r.id === "t2")).toBeLessThan(out.findIndex((r) => r.id === "t4"));
    expect(t4.signals.answer).toBe(0);
  });

  it("scores a memory inside a named time range higher, all else equal", () => {
    const q = analyseQuery("What happened in June 2023?", []);
    const out = rank({
      query: q,
      queryTerms: [],
      stats,
      candidates: [
        turn(1, "A", "x", {}, { sequence: "a", time: new Date("2023-01-05T00:00:00Z") }),
        turn(1, "A", "y", {}, { id: "june", sequence: "b", time: new Date("2023-06-10T00:00:00Z") }),
      ],
    });
    expect(out[0]?.id).toBe("june");
    expect(out[0]?.signals.timeRange).toBeCloseTo(DEFAULT_WEIGHTS.timeRange, 10);
  });

  it("lifts a turn whose reply is close to the query, and only that turn", () => {
    const out = rank({
      query,
      queryTerms: [],
      stats,
      candidates: [
        turn(4, "Ann", "Guess what I did."),
        turn(5, "Bob", "Tell me!", {}, { dense: 0.1 }),
        turn(6, "Ann", "Hiked the mountain.", {}, { dense: 0.9 }),
        turn(7, "Bob", "Cool.", {}, { dense: 0.1 }),
      ],
    });
    const byId = new Map(out.map((r) => [r.id, r]));
    // t5's next turn, t6, has the best dense score (scaled to 1); t6's reply is off topic; t7
    // has no next turn.
    expect(byId.get("t5")?.signals.followUp).toBeCloseTo(DEFAULT_WEIGHTS.followUp, 12);
    expect(byId.get("t6")?.signals.followUp).toBeLessThan(DEFAULT_WEIGHTS.followUp / 5);
    expect(byId.get("t7")?.signals.followUp).toBe(0);
  });

  it("prefers the longer of two otherwise equal memories and a sequence's first turns", () => {
    const out = rank({
      query: analyseQuery("anything", []),
      queryTerms: [],
      stats,
      candidates: [
        turn(9, "A", "short", {}, { id: "short", sequence: "a", length: 2 }),
        turn(9, "A", "a longer turn", {}, { id: "long", sequence: "b", length: 12 }),
        turn(1, "A", "opens", {}, { id: "first", sequence: "c", length: 2 }),
      ],
    });
    const byId = new Map(out.map((r) => [r.id, r]));
    expect(byId.get("long")!.score).toBeGreaterThan(byId.get("short")!.score);
    expect(byId.get("long")?.signals.length).toBeCloseTo(DEFAULT_WEIGHTS.length, 12);
    expect(byId.get("first")?.signals.opening).toBeCloseTo(DEFAULT_WEIGHTS.opening, 12);
    expect(byId.get("short")?.signals.opening).toBeCloseTo(DEFAULT_WEIGHTS.opening / 9, 12);
    expect(byId.get("first")!.score).toBeGreaterThan(byId.get("short")!.score);
  });

  it("works without structure or dense scores and keeps ties in input order", () => {
    const out = rank({
      query: analyseQuery("anything", []),
      queryTerms: ["nothing"],
      stats,
      candidates: [
        { id: "a", content: "a", terms: {}, length: 1 },
        { id: "b", content: "b", terms: {}, length: 1 },
      ],
    });
    expect(out.map((r) => r.id)).toEqual(["a", "b"]);
  });
});
