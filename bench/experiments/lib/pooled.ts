// One question's candidate pool with the product ranking's signals precomputed, and the
// product's structured scoring over them (base → neighbours → sequence → answer → final
// signals), for the weight-search harnesses (ltr.ts, expand.ts). Each harness adds its own
// candidate signals to `f` and names which ones feed the base score and which come last.
import { hasTimeExpression, timeFit } from "../../../packages/core/src/retrieval/index.ts";
import { analyses, asks, avgLen, bm25w, C, cosAll, lens, minmax } from "../feedback.ts";
import { type Lex, pg } from "./lex.ts";
import type { PooledQuestion, Weights } from "./weight-search.ts";

export interface StructuredQuestion extends PooledQuestion {
  qi: number;
  /** Turn indices of the pool, in pool order. */
  P: number[];
  /** Pool position of the previous / next turn of the same session; -1 when absent. */
  prev: Int32Array;
  next: Int32Array;
  sess: Int32Array;
  /** 1 where the previous turn, by someone else, asks something. */
  asksPrev: Uint8Array;
  /** Raw cosine of each pool turn to the cleaned question. */
  cos: number[];
  /** Signals by name, one value per pool position. */
  f: Record<string, Float64Array>;
}

/** The product's signals folded into the base score (then smoothed over neighbours and sessions). */
export const PRODUCT_BASE = ["lexical", "lexicalWindow", "dense"] as const;
/** The product's signals added at the end. */
export const PRODUCT_FINAL = ["speaker", "timeCue", "timeRange", "length", "nextDense", "opening"] as const;

/** The previous and current turn's lexeme counts together (the current alone without one). */
export const windowTerms = (L: Lex[], i: number, p: number | undefined): Lex => {
  if (p === undefined) return L[i]!;
  const terms: Lex = { ...L[p]! };
  for (const [t, f] of Object.entries(L[i]!)) terms[t] = (terms[t] ?? 0) + f;
  return terms;
};

/** The pool `P` of question `qi` of conversation `ci`, with the signals the product ranks by. */
export function pooledQuestion(ci: number, qi: number, P: number[]): StructuredQuestion {
  const c = C[ci]!;
  const q = c.queries[qi]!;
  const items = c.items;
  const at = new Map(P.map((i, k) => [i, k]));
  const prev = Int32Array.from(P, (i) =>
    items[i - 1]?.session === items[i]!.session ? (at.get(i - 1) ?? -1) : -1,
  );
  const next = Int32Array.from(P, (i) =>
    items[i + 1]?.session === items[i]!.session ? (at.get(i + 1) ?? -1) : -1,
  );
  const qmap = new Map(Object.keys(pg.queries[ci]![qi]!).map((t) => [t, 1]));
  const L = pg.items[ci]!;
  const lexical = minmax(P.map((i) => bm25w(ci, qmap, L[i]!, lens[ci]![i]!, avgLen[ci]!)));
  const lexicalWindow = minmax(
    P.map((i, k) => {
      const p = prev[k]! < 0 ? undefined : P[prev[k]!]!;
      const length = lens[ci]![i]! + (p === undefined ? 0 : lens[ci]![p]!);
      return bm25w(ci, qmap, windowTerms(L, i, p), length, avgLen[ci]! * 2);
    }),
  );
  const cos = P.map((i) => cosAll[ci]![qi]![i]!);
  const dense = minmax(cos);
  const a = analyses[ci]![qi]!;
  const named = new Set(a.namedSpeakers);
  const goldIds = new Set(q.gold);
  const gold = new Set<number>();
  P.forEach((i, k) => {
    if (goldIds.has(items[i]!.id)) gold.add(k);
  });
  return {
    ci,
    qi,
    cat: q.category,
    n: P.length,
    P,
    gold,
    goldCount: q.gold.length,
    prev,
    next,
    sess: Int32Array.from(P, (i) => items[i]!.session),
    asksPrev: Uint8Array.from(P, (i, k) => {
      const p = prev[k]! < 0 ? undefined : items[P[prev[k]!]!]!;
      return p && p.speaker !== items[i]!.speaker && asks(p.text) ? 1 : 0;
    }),
    cos,
    f: {
      lexical: Float64Array.from(lexical),
      lexicalWindow: Float64Array.from(lexicalWindow),
      dense: Float64Array.from(dense),
      speaker: Float64Array.from(P, (i) => (named.has(items[i]!.speaker) ? 1 : 0)),
      timeCue: Float64Array.from(P, (i) => (a.asksForTime && hasTimeExpression(items[i]!.text) ? 1 : 0)),
      timeRange: Float64Array.from(P, (i) => (a.timeRange ? timeFit(items[i]!.time, a.timeRange) : 0)),
      length: Float64Array.from(minmax(P.map((i) => Math.log(1 + lens[ci]![i]!)))),
      // The product's `followUp`: the next turn's scaled dense score.
      nextDense: Float64Array.from(P, (_, k) => (next[k]! < 0 ? 0 : dense[next[k]!]!)),
      opening: Float64Array.from(P, (i) => 1 / Math.max(1, items[i]!.turn)),
    },
  };
}

/**
 * The product's scoring over named signals: `base` signals are smoothed over neighbours (weight
 * `neighbours`), each session's best smoothed score is added (`sequence`), and the previous
 * turn's base when it asked (`answer`); `final` signals are added last.
 */
export function structuredScores(base: readonly string[], final: readonly string[]) {
  return (w: Weights, q: StructuredQuestion): Float64Array => {
    const { n, f, prev, next, sess } = q;
    const b = new Float64Array(n);
    for (const name of base) {
      const wt = w[name];
      if (!wt) continue;
      const x = f[name]!;
      for (let k = 0; k < n; k++) b[k]! += wt * x[k]!;
    }
    const sm = new Float64Array(n);
    const best = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      sm[k] = b[k]! + w.neighbours! * ((prev[k]! < 0 ? 0 : b[prev[k]!]!) + (next[k]! < 0 ? 0 : b[next[k]!]!));
      best.set(sess[k]!, Math.max(best.get(sess[k]!) ?? 0, sm[k]!));
    }
    const s = new Float64Array(n);
    for (let k = 0; k < n; k++)
      s[k] = sm[k]! + w.sequence! * best.get(sess[k]!)! + (q.asksPrev[k] ? w.answer! * b[prev[k]!]! : 0);
    for (const name of final) {
      const wt = w[name];
      if (!wt) continue;
      const x = f[name]!;
      for (let k = 0; k < n; k++) s[k]! += wt * x[k]!;
    }
    return s;
  };
}
