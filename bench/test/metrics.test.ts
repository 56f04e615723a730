import { describe, expect, it } from "vitest";
import {
  aggregate,
  isLocomoPrimary,
  mrr,
  ndcgAt,
  recallAllAt,
  recallAt,
  sessionScores,
  turnScores,
} from "../src/metrics.js";

describe("turn metrics", () => {
  const ranked = ["a", "x", "b", "y", "z", "c"];
  const gold = ["a", "b", "c", "d"];

  it("recall@k counts gold ids within the first k", () => {
    expect(recallAt(ranked, gold, 1)).toBe(0.25);
    expect(recallAt(ranked, gold, 5)).toBe(0.5);
    expect(recallAt(ranked, gold, 50)).toBe(0.75);
  });

  it("ndcg uses binary gains and an ideal of min(|gold|, k) hits", () => {
    // DCG = 1/log2(2) + 1/log2(4) + 1/log2(7); ideal = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
    const dcg = 1 + 0.5 + 1 / Math.log2(7);
    const ideal = 1 + 1 / Math.log2(3) + 0.5 + 1 / Math.log2(5);
    expect(ndcgAt(ranked, gold, 10)).toBeCloseTo(dcg / ideal, 10);
    // with k = 2 the ideal has two hits
    expect(ndcgAt(ranked, gold, 2)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(["a"], ["a"], 10)).toBe(1);
  });

  it("mrr is the reciprocal rank of the first hit within the depth", () => {
    expect(mrr(["x", "y", "a"], ["a"])).toBeCloseTo(1 / 3);
    expect(mrr(["x", "y", "a"], ["a"], 2)).toBe(0);
    expect(mrr([], ["a"])).toBe(0);
  });

  it("turnScores de-duplicates repeated ids before scoring", () => {
    const s = turnScores(["x", "x", "x", "x", "x", "a"], ["a"]);
    expect(s["recall@5"]).toBe(1);
    expect(s.mrr).toBe(0.5);
  });
});

describe("session metrics", () => {
  const unitOf = new Map([
    ["t1", "s1"],
    ["t2", "s1"],
    ["t3", "s2"],
    ["t4", "s3"],
  ]);

  it("recall_all needs every answer session", () => {
    expect(recallAllAt(["s1", "s2"], ["s1", "s2"], 2)).toBe(1);
    expect(recallAllAt(["s1", "s3", "s2"], ["s1", "s2"], 2)).toBe(0);
  });

  it("maps turns to sessions, de-duplicated in rank order", () => {
    // sessions in rank order: s1, s3, s2
    const s = sessionScores(["t1", "t2", "t4", "t3"], ["s2"], unitOf);
    expect(s["recall_all@5"]).toBe(1);
    expect(s["ndcg@5"]).toBeCloseTo(1 / Math.log2(4), 10);
  });
});

describe("aggregate", () => {
  it("averages per category and keeps category 5 out of the primary group", () => {
    const agg = aggregate(
      [
        { category: "1", scores: { "recall@5": 1 } },
        { category: "4", scores: { "recall@5": 0 } },
        { category: "5", scores: { "recall@5": 1 } },
      ],
      isLocomoPrimary,
    );
    expect(agg.primary["recall@5"]).toBe(0.5);
    expect(agg.primary.n).toBe(2);
    expect(agg.byCategory["5"]?.["recall@5"]).toBe(1);
  });
});
