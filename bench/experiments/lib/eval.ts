// Scores a ranking function over LoCoMo and prints one table row.
import { mean, type Scores, turnScores } from "../../src/metrics.ts";
import { dataset } from "./data.ts";

export type RankFn = (ci: number, qi: number) => number[]; // item indices best first

export function evaluate(rank: RankFn): { main: Scores; cat5: Scores; byCat: Record<string, Scores> } {
  const main: Scores[] = [];
  const cat5: Scores[] = [];
  const by: Record<string, Scores[]> = {};
  dataset.cases.forEach((c, ci) => {
    c.queries.forEach((q, qi) => {
      const ranked = rank(ci, qi)
        .slice(0, 50)
        .map((i) => c.items[i]!.id);
      const s = turnScores(ranked, q.gold);
      (q.category === "5" ? cat5 : main).push(s);
      const list = by[q.category] ?? [];
      list.push(s);
      by[q.category] = list;
    });
  });
  const byCat: Record<string, Scores> = {};
  for (const [k, v] of Object.entries(by)) byCat[k] = mean(v);
  return { main: mean(main), cat5: mean(cat5), byCat };
}

export function row(label: string, rank: RankFn): Scores {
  const { main, cat5, byCat } = evaluate(rank);
  const f = (x: number | undefined) => (x ?? 0).toFixed(3);
  console.log(
    `${label.padEnd(44)} R5 ${f(main["recall@5"])} R10 ${f(main["recall@10"])} N10 ${f(main["ndcg@10"])} MRR ${f(main.mrr)} | c5 R10 ${f(cat5["recall@10"])} | ${["1", "2", "3", "4"].map((c) => f(byCat[c]?.["recall@10"])).join(" ")}`,
  );
  return main;
}

/** Indices by score, best first; ties keep insertion order. */
export function order(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
}
