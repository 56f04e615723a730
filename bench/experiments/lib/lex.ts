// BM25 over term-count maps (PostgreSQL lexemes or our own tokens).
import { readFileSync } from "node:fs";
import { CACHE } from "./data.ts";

export type Lex = Record<string, number>;
export interface PgCache {
  items: Lex[][];
  windows: Lex[][];
  queries: Lex[][];
  tsRank: number[][][];
  tsRankCd: number[][][];
}
export const pg: PgCache = JSON.parse(readFileSync(`${CACHE}pg.json`, "utf8"));

export interface Bm25Opts {
  k1?: number;
  b?: number;
  distinctLength?: boolean;
}

export function docLen(d: Lex, distinct = false): number {
  let n = 0;
  for (const v of Object.values(d)) n += distinct ? 1 : v;
  return n;
}

/** BM25 of one query over docs; query terms counted once each. */
export function bm25(docs: Lex[], query: Lex | string[], o: Bm25Opts = {}): Float64Array {
  const k1 = o.k1 ?? 1.2;
  const b = o.b ?? 0.75;
  const terms = Array.isArray(query) ? query : Object.keys(query);
  const N = docs.length;
  const lens = docs.map((d) => docLen(d, o.distinctLength));
  const avg = lens.reduce((a, x) => a + x, 0) / Math.max(1, N);
  const out = new Float64Array(N);
  for (const t of terms) {
    let df = 0;
    for (const d of docs) if (d[t]) df++;
    if (!df) continue;
    const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
    docs.forEach((d, i) => {
      const f = d[t];
      if (!f) return;
      out[i] += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * lens[i]!) / (avg || 1)));
    });
  }
  return out;
}

export function toLex(tokens: string[]): Lex {
  const m: Lex = {};
  for (const t of tokens) m[t] = (m[t] ?? 0) + 1;
  return m;
}
