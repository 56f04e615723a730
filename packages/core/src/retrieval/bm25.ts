import type { LexicalStats } from "./types.js";

export interface Bm25Params {
  k1: number;
  b: number;
}

/** Plain Okapi BM25 with k1 1.2, b 0.75; LoCoMo showed no gain from retuning them. */
export const BM25_DEFAULTS: Bm25Params = { k1: 1.2, b: 0.75 };

/** Lucene's idf: never negative, so very common lexemes still count a little. */
export function idf(df: number, docCount: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

/**
 * BM25 of one document (term counts + length) for the query's lexemes, each counted once.
 * Lexemes come from PostgreSQL's `english` configuration, whose stemming was the largest
 * lexical gain; BM25 over them beat `ts_rank` and `ts_rank_cd` on LoCoMo.
 */
export function bm25(
  queryTerms: readonly string[],
  terms: Readonly<Record<string, number>>,
  length: number,
  stats: LexicalStats,
  params: Bm25Params = BM25_DEFAULTS,
): number {
  const avg = stats.avgLength > 0 ? stats.avgLength : 1;
  const norm = 1 - params.b + (params.b * length) / avg;
  let score = 0;
  for (let i = 0; i < queryTerms.length; i++) {
    const term = queryTerms[i]!;
    // Each lexeme once; a scan, not a Set: this runs a few times per candidate per search.
    if (queryTerms.indexOf(term) < i) continue;
    const f = terms[term];
    const df = stats.df[term];
    if (!f || !df) continue;
    score += (idf(df, stats.docCount) * f * (params.k1 + 1)) / (f + params.k1 * norm);
  }
  return score;
}
