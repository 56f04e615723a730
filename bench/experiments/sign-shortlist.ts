// How many of the exact nearest neighbours a sign-bit (1 bit per dimension) shortlist keeps, on
// LoCoMo's MiniLM vectors: every turn of the ten conversations in one pool, the cleaned
// questions as queries. k and the shortlist are scaled to the pool as they stand to 100k in
// the product (k = 200 of 100k = 0.2%; shortlist 2% or 10 per result).
// Needs experiments/.cache from embed-min.ts. Run: ./node_modules/.bin/tsx --conditions=source experiments/sign-shortlist.ts
import { readFileSync } from "node:fs";
import { NamespaceVectors } from "../../packages/core/src/memory/namespace-vectors.ts";
import { CACHE } from "./lib/data.ts";

const DIMS = 384;
const load = (name: string) =>
  new Float32Array(readFileSync(`${CACHE}minilm-emb-${name}.f32`).buffer.slice(0));
const turns = load("full");
const questions = load("qClean");
const pool = new NamespaceVectors();
for (let i = 0; i < turns.length / DIMS; i++) pool.upsert(`t${i}`, turns.subarray(i * DIMS, (i + 1) * DIMS));
const n = pool.ids.length;

function shortlistRecall(k: number, size: number): number {
  let kept = 0;
  for (let q = 0; q < questions.length / DIMS; q++) {
    const query = questions.subarray(q * DIMS, (q + 1) * DIMS);
    const exact = Float32Array.from(pool.scores(query));
    const best = [...exact.keys()].sort((a, b) => exact[b]! - exact[a]! || a - b).slice(0, k);
    const distances = Int32Array.from(pool.signDistances(query));
    const shortlist = new Set(
      [...distances.keys()].sort((a, b) => distances[a]! - distances[b]! || a - b).slice(0, size),
    );
    kept += best.filter((slot) => shortlist.has(slot)).length / k;
  }
  return kept / (questions.length / DIMS);
}

console.log(`${n} turns, ${questions.length / DIMS} questions`);
console.log("| k (share of pool) | shortlist (share) | exact top k kept |");
console.log("| --- | --- | --- |");
// k = 0.05% is the 50 candidates a search keeps of the 200 it fetches at 100k.
for (const [kShare, shares] of [
  [0.0005, [0.01, 0.02, 0.04]],
  [0.002, [0.004, 0.01, 0.02, 0.04]],
  [0.01, [0.02, 0.05, 0.1, 0.2]],
] as const) {
  const k = Math.max(1, Math.round(n * kShare));
  for (const share of shares) {
    const size = Math.round(share * n);
    console.log(
      `| ${k} (${(kShare * 100).toFixed(2)}%) | ${size} (${((size / n) * 100).toFixed(1)}%) | ${shortlistRecall(k, size).toFixed(3)} |`,
    );
  }
}
