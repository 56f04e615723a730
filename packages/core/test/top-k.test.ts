import { describe, expect, it } from "vitest";
import { topIndexes } from "../src/memory/top-k.js";

/** The reference: every index sorted by score, higher first, lower index on ties. */
const bySorting = (scores: Float32Array, among: number[]) =>
  [...among].sort((x, y) => scores[y]! - scores[x]! || x - y);

describe("top-k selection", () => {
  it("returns what a full sort returns, ties by lower index, for any k", () => {
    let seed = 7;
    // Few distinct values, so ties are common.
    const scores = Float32Array.from({ length: 5000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * 50) / 10;
    });
    const all = Array.from(scores.keys());
    for (const k of [0, 1, 7, 400, 5000, 6000]) {
      expect(topIndexes(scores, k)).toEqual(bySorting(scores, all).slice(0, k));
    }
    const among = all.filter((i) => i % 3 === 1);
    expect(topIndexes(scores, 50, among)).toEqual(bySorting(scores, among).slice(0, 50));
  });
});
