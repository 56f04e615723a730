// The product's ranking module (packages/core/src/retrieval) on LoCoMo, fed the way the
// product would feed it: top-K by PostgreSQL ts_rank ∪ top-K by cosine, plus the previous
// and next turn of each, with namespace df/avg length as PostgreSQL would report them.
// Usage: npx tsx experiments/product.ts [K ...]   (K = 0 means the whole conversation)
import {
  analyseQuery,
  type Candidate,
  type LexicalStats,
  rank,
  type Weights,
} from "../../packages/core/src/retrieval/index.ts";
import { dataset, speakersOf } from "./lib/data.ts";
import { cosines } from "./lib/dense.ts";
import { order, row } from "./lib/eval.ts";
import { docLen, pg } from "./lib/lex.ts";

const C = dataset.cases;
const dfs = C.map((_, ci) => {
  const df: Record<string, number> = {};
  for (const d of pg.items[ci]!) for (const t of Object.keys(d)) df[t] = (df[t] ?? 0) + 1;
  return df;
});
const avgLen = C.map(
  (_, ci) => pg.items[ci]!.reduce((a, d) => a + docLen(d, true), 0) / pg.items[ci]!.length,
);

export function productRank(
  ci: number,
  qi: number,
  K: number,
  weights: Partial<Weights> = {},
  useDense = true,
): number[] {
  const c = C[ci]!;
  const q = c.queries[qi]!;
  const analysis = analyseQuery(q.text, speakersOf(c));
  const queryTerms = Object.keys(pg.queries[ci]![qi]!);
  const cos = cosines("full", "qClean", ci, qi);
  let pool: number[];
  if (K === 0) pool = c.items.map((_, i) => i);
  else {
    const set = new Set<number>();
    const lex = pg.tsRank[ci]![qi]!;
    for (const i of order(lex).slice(0, K)) if (lex[i]! > 0) set.add(i);
    if (useDense) for (const i of order(cos).slice(0, K)) set.add(i);
    for (const i of [...set])
      for (const j of [i - 1, i + 1]) if (c.items[j]?.session === c.items[i]!.session) set.add(j);
    pool = [...set].sort((a, b) => a - b);
  }
  const candidates: Candidate[] = pool.map((i) => {
    const it = c.items[i]!;
    const d = pg.items[ci]![i]!;
    const terms: Record<string, number> = {};
    for (const t of queryTerms) if (d[t]) terms[t] = d[t]!;
    return {
      id: String(i),
      content: it.text,
      terms,
      length: docLen(d, true),
      ...(useDense ? { dense: cos[i]! } : {}),
      sequence: String(it.session),
      position: it.turn,
      speaker: it.speaker,
      time: it.time,
    };
  });
  const stats: LexicalStats = { docCount: c.items.length, avgLength: avgLen[ci]!, df: dfs[ci]! };
  return rank({ query: analysis, queryTerms, candidates, stats, weights }).map((r) => Number(r.id));
}

if (process.argv[1]?.endsWith("product.ts")) {
  const ks = process.argv.slice(2).map(Number);
  for (const K of ks.length ? ks : [0, 100, 50])
    row(`product rank, K=${K || "all"}`, (ci, qi) => productRank(ci, qi, K));
  row("product rank, K=100, no dense", (ci, qi) => productRank(ci, qi, 100, {}, false));
}
