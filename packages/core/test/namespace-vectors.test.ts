import { describe, expect, it } from "vitest";
import { NamespaceVectors } from "../src/memory/namespace-vectors.js";

function unit(dims: number, seed: number): Float32Array {
  const v = new Float32Array(dims);
  let s = seed;
  for (let i = 0; i < dims; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    v[i] = s / 2 ** 31 - 0.5;
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
const plainDot = (a: Float32Array, b: Float32Array) => a.reduce((acc, x, i) => acc + x * b[i]!, 0);

describe("SIMD vector scan", () => {
  for (const dims of [512, 384, 10]) {
    it(`scores every slot as the plain dot product does (${dims} dims), across growth and removal`, () => {
      const cache = new NamespaceVectors();
      const kept = new Map<string, Float32Array>();
      // Enough vectors to grow the wasm memory several times.
      for (let i = 0; i < 3000; i++) {
        const v = unit(dims, i + 1);
        cache.upsert(`m${i}`, v);
        kept.set(`m${i}`, v);
      }
      for (let i = 0; i < 3000; i += 7) {
        cache.remove(`m${i}`);
        kept.delete(`m${i}`);
      }
      cache.upsert("m1", unit(dims, 99_999));
      kept.set("m1", unit(dims, 99_999));
      const query = unit(dims, 424_242);
      const scores = cache.scores(query);
      expect(scores.length).toBe(kept.size);
      const exact = Float32Array.from(scores);
      const approximate = cache.approximateScores(query);
      cache.ids.forEach((id, slot) => {
        expect(exact[slot]).toBeCloseTo(plainDot(kept.get(id)!, query), 5);
        expect(cache.similarity(slot, query)).toBeCloseTo(exact[slot]!, 5);
        // The byte codes' first pass stays within 0.01 of the exact cosine.
        expect(Math.abs(approximate[slot]! - exact[slot]!)).toBeLessThan(0.01);
      });
    });
  }

  it("scans between writes as the memory grows (views are never taken before a growth)", () => {
    const cache = new NamespaceVectors();
    const query = unit(384, 7);
    for (let i = 0; i < 4000; i++) {
      cache.upsert(`m${i}`, unit(384, i + 1));
      // A scan after every few writes: some scans are the ones that must grow the memory.
      if (i % 13 === 0) {
        expect(cache.scores(query).length).toBe(i + 1);
        expect(cache.approximateScores(query).length).toBe(i + 1);
      }
    }
  });
});
