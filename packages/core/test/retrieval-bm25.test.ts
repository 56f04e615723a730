import { describe, expect, it } from "vitest";
import { bm25, idf } from "../src/retrieval/index.js";

describe("bm25", () => {
  const stats = { docCount: 10, avgLength: 4, df: { cat: 1, pet: 5 } };

  it("uses a non-negative idf that favours rare lexemes", () => {
    expect(idf(1, 10)).toBeCloseTo(Math.log(1 + 9.5 / 1.5), 10);
    expect(idf(10, 10)).toBeGreaterThan(0);
    expect(idf(1, 10)).toBeGreaterThan(idf(5, 10));
  });

  it("matches the Okapi formula and counts a repeated query term once", () => {
    const expected = (idf(1, 10) * 2 * 2.2) / (2 + 1.2 * (0.25 + (0.75 * 4) / 4));
    expect(bm25(["cat"], { cat: 2 }, 4, stats)).toBeCloseTo(expected, 10);
    expect(bm25(["cat", "cat"], { cat: 2 }, 4, stats)).toBeCloseTo(expected, 10);
  });

  it("penalises longer documents and ignores lexemes absent from the namespace", () => {
    expect(bm25(["cat"], { cat: 1 }, 8, stats)).toBeLessThan(bm25(["cat"], { cat: 1 }, 2, stats));
    expect(bm25(["dog"], { dog: 3 }, 4, stats)).toBe(0);
  });
});
