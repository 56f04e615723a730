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
const plainSignDistance = (a: Float32Array, b: Float32Array) =>
  a.reduce((acc, x, i) => acc + (x > 0 !== b[i]! > 0 ? 1 : 0), 0);

/** The k best slots by plain dot product (ties: lower slot first). */
function plainNearest(
  cache: NamespaceVectors,
  vectors: Map<string, Float32Array>,
  query: Float32Array,
  k: number,
) {
  return cache.ids
    .map((id, slot) => ({ slot, similarity: plainDot(vectors.get(id)!, query) }))
    .sort((a, b) => b.similarity - a.similarity || a.slot - b.slot)
    .slice(0, k);
}

/** Unit vectors around `centres` topics (as text embeddings cluster), with noise. */
function clustered(dims: number, count: number, centres: number, seed: number): Float32Array[] {
  const topics = Array.from({ length: centres }, (_, c) => unit(dims, seed + c * 7919));
  return Array.from({ length: count }, (_, i) => {
    const noise = unit(dims, seed + 1_000_003 + i);
    const v = topics[i % centres]!.map((x, d) => x + 0.9 * noise[d]!);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

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
      const distances = Int32Array.from(cache.signDistances(query));
      // Some slots, out of order and repeated, as a search asks for its candidates' scores.
      const picked = cache.ids
        .map((_, slot) => slot)
        .filter((slot) => slot % 3 !== 1)
        .reverse();
      picked.push(0);
      const gathered = Array.from(cache.similaritiesAt(query, picked));
      for (const [i, slot] of picked.entries()) expect(gathered[i]).toBeCloseTo(exact[slot]!, 5);
      cache.ids.forEach((id, slot) => {
        expect(exact[slot]).toBeCloseTo(plainDot(kept.get(id)!, query), 5);
        expect(cache.similarity(slot, query)).toBeCloseTo(exact[slot]!, 5);
        expect(distances[slot]).toBe(plainSignDistance(kept.get(id)!, query));
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
        expect(cache.signDistances(query).length).toBe(i + 1);
        expect(cache.nearest(query, 5)).toHaveLength(Math.min(5, i + 1));
      }
    }
  });

  it("nearest is the exact top k while the namespace is small enough to score every vector", () => {
    const cache = new NamespaceVectors();
    const kept = new Map<string, Float32Array>();
    clustered(384, 1500, 20, 5).forEach((v, i) => {
      cache.upsert(`m${i}`, v);
      kept.set(`m${i}`, v);
    });
    for (const seed of [11, 12, 13]) {
      const query = unit(384, seed);
      // 10 × 150 = 1,500: every vector is scored exactly.
      const got = cache.nearest(query, 150);
      const want = plainNearest(cache, kept, query, 150);
      expect(got.map((h) => h.slot)).toEqual(want.map((h) => h.slot));
      for (const [i, h] of got.entries()) expect(h.similarity).toBeCloseTo(want[i]!.similarity, 5);
    }
  });

  it("in a large namespace, the sign-bit shortlist keeps the true nearest neighbours", () => {
    const cache = new NamespaceVectors();
    const kept = new Map<string, Float32Array>();
    const vectors = clustered(384, 20_000, 50, 17);
    vectors.forEach((v, i) => {
      cache.upsert(`m${i}`, v);
      kept.set(`m${i}`, v);
    });
    let found = 0;
    let wanted = 0;
    for (let q = 0; q < 10; q++) {
      // Queries near stored vectors, as a question is near its evidence.
      const query = clustered(384, 1, 1, 40_000 + q)[0]!.map((x, d) => x + vectors[q * 997]![d]!);
      const norm = Math.hypot(...query);
      const unitQuery = query.map((x) => x / norm);
      const got = cache.nearest(unitQuery, 20);
      const want = plainNearest(cache, kept, unitQuery, 20);
      // Similarities are exact, whichever slots the shortlist kept.
      for (const h of got)
        expect(h.similarity).toBeCloseTo(plainDot(kept.get(cache.ids[h.slot]!)!, unitQuery), 5);
      const gotSlots = new Set(got.map((h) => h.slot));
      found += want.filter((h) => gotSlots.has(h.slot)).length;
      wanted += want.length;
    }
    expect(found / wanted).toBeGreaterThanOrEqual(0.95);
  });
});
