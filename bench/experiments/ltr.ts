// Weight search over the product ranking's signals plus candidate new ones, with the
// conversations split in two halves so that a gain is checked on the half it was not tuned on.
// Per question, the pool (K = 50, as product.ts) and every signal are computed once; a
// configuration is then only arithmetic, so coordinate ascent over all weights is quick.
// Run: nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/ltr.ts [ascent|base|'{json weights}']
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_WEIGHTS, hasTimeExpression, timeFit } from "../../packages/core/src/retrieval/index.ts";
import {
  analyses,
  asks,
  avgLen,
  bm25w,
  C,
  cosAll,
  dfs,
  idf,
  itemOff,
  lens,
  minmax,
  poolOf,
  qOff,
  V,
} from "./feedback.ts";
import { CACHE } from "./lib/data.ts";
import { pg } from "./lib/lex.ts";
import {
  ascent as ascentOver,
  evaluate as evaluateWeights,
  fmt,
  halfA,
  halfB,
  type PooledQuestion,
} from "./lib/weight-search.ts";

/** Signals folded into the base score (then smoothed over neighbours and sessions). */
const BASE_F = ["lexical", "lexicalWindow", "dense", "coverage", "denseRaw", "sentMax"] as const;
/** Signals added at the end. */
const FINAL_F = [
  "speaker",
  "timeCue",
  "timeRange",
  "length",
  "nextDense",
  "speakerDense",
  "prevDense",
  "opening",
  "sessDense",
  "rrLex",
  "rrDense",
] as const;
type W = Record<
  (typeof BASE_F)[number] | (typeof FINAL_F)[number] | "neighbours" | "sequence" | "answer",
  number
>;

/** The product's weights (`followUp` is this harness's `nextDense`), candidates at 0: `base` reproduces the product. */
const { followUp, ...adopted } = DEFAULT_WEIGHTS;
export const START: W = {
  ...adopted,
  nextDense: followUp,
  coverage: 0,
  denseRaw: 0,
  speakerDense: 0,
  sentMax: 0,
  prevDense: 0,
  sessDense: 0,
  rrLex: 0,
  rrDense: 0,
};

interface Q extends PooledQuestion {
  prev: Int32Array; // -1 when absent
  next: Int32Array;
  sess: Int32Array;
  asksPrev: Uint8Array;
  f: Record<string, Float64Array>;
}

const SENT = existsSync(`${CACHE}minilm-sent.f32`)
  ? {
      v: (() => {
        const b = readFileSync(`${CACHE}minilm-sent.f32`);
        return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      })(),
      off: JSON.parse(readFileSync(`${CACHE}minilm-sent.json`, "utf8")) as number[],
    }
  : undefined;

/** Best cosine of the question to the turn or any of its sentences. */
function sentMaxCos(ci: number, qi: number, i: number, whole: number): number {
  if (!SENT) return whole;
  const g = itemOff[ci]! + i;
  let best = whole;
  for (let s = SENT.off[g]!; s < SENT.off[g + 1]!; s++) {
    let d = 0;
    for (let j = 0; j < 384; j++) d += SENT.v[s * 384 + j]! * V.q[(qOff[ci]! + qi) * 384 + j]!;
    if (d > best) best = d;
  }
  return best;
}

/** Mean of the three best cosines among the pool's turns of the same session. */
function sessionTop(sess: number[], cos: number[]): Float64Array {
  const by = new Map<number, number[]>();
  sess.forEach((s, k) => {
    by.set(s, [...(by.get(s) ?? []), cos[k]!]);
  });
  const top = new Map<number, number>();
  for (const [s, xs] of by) {
    const t = xs.sort((a, b) => b - a).slice(0, 3);
    top.set(s, t.reduce((a, x) => a + x, 0) / 3);
  }
  return Float64Array.from(minmax(sess.map((s) => top.get(s)!)));
}

function reciprocalRank(x: number[]): Float64Array {
  const idx = x.map((_, k) => k).sort((a, b) => x[b]! - x[a]!);
  const out = new Float64Array(x.length);
  idx.forEach((k, r) => {
    out[k] = 5 / (5 + r);
  });
  return out;
}

function build(ci: number, qi: number): Q {
  const c = C[ci]!;
  const q = c.queries[qi]!;
  const items = c.items;
  const P = poolOf(ci, qi, Number(process.env.K ?? 50));
  const at = new Map(P.map((i, k) => [i, k]));
  const n = P.length;
  const prev = Int32Array.from(P, (i) =>
    items[i - 1]?.session === items[i]!.session ? (at.get(i - 1) ?? -1) : -1,
  );
  const next = Int32Array.from(P, (i) =>
    items[i + 1]?.session === items[i]!.session ? (at.get(i + 1) ?? -1) : -1,
  );
  const qterms = Object.keys(pg.queries[ci]![qi]!);
  const qmap = new Map(qterms.map((t) => [t, 1]));
  const L = pg.items[ci]!;
  const lexical = minmax(P.map((i) => bm25w(ci, qmap, L[i]!, lens[ci]![i]!, avgLen[ci]!)));
  const lexicalWindow = minmax(
    P.map((i, k) => {
      const p = prev[k]! < 0 ? undefined : P[prev[k]!]!;
      if (p === undefined) return bm25w(ci, qmap, L[i]!, lens[ci]![i]!, avgLen[ci]! * 2);
      const terms: Record<string, number> = { ...L[p]! };
      for (const [t, f] of Object.entries(L[i]!)) terms[t] = (terms[t] ?? 0) + f;
      return bm25w(ci, qmap, terms, lens[ci]![i]! + lens[ci]![p]!, avgLen[ci]! * 2);
    }),
  );
  const cos = P.map((i) => cosAll[ci]![qi]![i]!);
  const dense = minmax(cos);
  const N = items.length;
  const idfs = qterms.map((t) => idf(dfs[ci]![t] ?? 0, N));
  const idfSum = idfs.reduce((a, x) => a + x, 0) || 1;
  const coverage = P.map((i, k) => {
    const p = prev[k]! < 0 ? undefined : L[P[prev[k]!]!];
    let s = 0;
    qterms.forEach((t, j) => {
      if (L[i]![t] || p?.[t]) s += idfs[j]!;
    });
    return s / idfSum;
  });
  const a = analyses[ci]![qi]!;
  const named = new Set(a.namedSpeakers);
  const speaker = P.map((i) => (named.has(items[i]!.speaker) ? 1 : 0));
  const lengthF = minmax(P.map((i) => Math.log(1 + lens[ci]![i]!)));
  const f: Record<string, Float64Array> = {
    lexical: Float64Array.from(lexical),
    lexicalWindow: Float64Array.from(lexicalWindow),
    dense: Float64Array.from(dense),
    coverage: Float64Array.from(coverage),
    denseRaw: Float64Array.from(cos, (x) => Math.max(0, x)),
    speaker: Float64Array.from(speaker),
    timeCue: Float64Array.from(P, (i) => (a.asksForTime && hasTimeExpression(items[i]!.text) ? 1 : 0)),
    timeRange: Float64Array.from(P, (i) => (a.timeRange ? timeFit(items[i]!.time, a.timeRange) : 0)),
    length: Float64Array.from(lengthF),
    nextDense: Float64Array.from(P, (_, k) => (next[k]! < 0 ? 0 : dense[next[k]!]!)),
    speakerDense: Float64Array.from(P, (_, k) => speaker[k]! * dense[k]!),
    sentMax: Float64Array.from(minmax(P.map((i, k) => sentMaxCos(ci, qi, i, cos[k]!)))),
    prevDense: Float64Array.from(P, (_, k) => (prev[k]! < 0 ? 0 : dense[prev[k]!]!)),
    opening: Float64Array.from(P, (i) => 1 / Math.max(1, items[i]!.turn)),
    sessDense: sessionTop(
      P.map((i) => items[i]!.session),
      cos,
    ),
    rrLex: reciprocalRank(lexical),
    rrDense: reciprocalRank(cos),
  };
  const goldIds = new Set(q.gold);
  const gold = new Set<number>();
  P.forEach((i, k) => {
    if (goldIds.has(items[i]!.id)) gold.add(k);
  });
  return {
    ci,
    cat: q.category,
    n,
    gold,
    goldCount: q.gold.length,
    prev,
    next,
    sess: Int32Array.from(P, (i) => items[i]!.session),
    asksPrev: Uint8Array.from(P, (i, k) => {
      const p = prev[k]! < 0 ? undefined : items[P[prev[k]!]!]!;
      return p && p.speaker !== items[i]!.speaker && asks(p.text) ? 1 : 0;
    }),
    f,
  };
}

const t0 = Date.now();
export const QS: Q[] = C.flatMap((c, ci) => c.queries.map((_, qi) => build(ci, qi)));
console.error(`built ${QS.length} questions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

export function scoresOf(w: W, q: Q): Float64Array {
  const { n, f, prev, next, sess } = q;
  const base = new Float64Array(n);
  for (const name of BASE_F) {
    const wt = w[name];
    if (!wt) continue;
    const x = f[name]!;
    for (let k = 0; k < n; k++) base[k]! += wt * x[k]!;
  }
  const sm = new Float64Array(n);
  const best = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    sm[k] =
      base[k]! + w.neighbours * ((prev[k]! < 0 ? 0 : base[prev[k]!]!) + (next[k]! < 0 ? 0 : base[next[k]!]!));
    best.set(sess[k]!, Math.max(best.get(sess[k]!) ?? 0, sm[k]!));
  }
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    s[k] = sm[k]! + w.sequence * best.get(sess[k]!)! + (q.asksPrev[k] ? w.answer * base[prev[k]!]! : 0);
  }
  for (const name of FINAL_F) {
    const wt = w[name];
    if (!wt) continue;
    const x = f[name]!;
    for (let k = 0; k < n; k++) s[k]! += wt * x[k]!;
  }
  return s;
}

export const evaluate = (w: W, filter?: (q: Q) => boolean) => evaluateWeights(QS, scoresOf, w, filter);

const FIXED = new Set((process.env.FIXED ?? "").split(",").filter(Boolean));
const ascent = (start: W, filter: (q: Q) => boolean) =>
  ascentOver(QS, scoresOf, start, filter, {
    fixed: FIXED,
    rounds: Number(process.env.ROUNDS ?? 3),
    log: (line) => console.error(line),
  });

if (process.argv[1]?.endsWith("ltr.ts")) {
  const arg = process.argv[2] ?? "base";
  if (process.env.FROM) Object.assign(START, JSON.parse(process.env.FROM));
  if (arg === "base") {
    console.log(`start all      ${fmt(evaluate(START))}`);
  } else if (arg === "ascent") {
    const wa = ascent(START, halfA);
    const wb = ascent(START, halfB);
    console.log(`start    A ${fmt(evaluate(START, halfA))}   B ${fmt(evaluate(START, halfB))}`);
    console.log(`tuned-A  A ${fmt(evaluate(wa, halfA))}   B ${fmt(evaluate(wa, halfB))}`);
    console.log(`tuned-B  A ${fmt(evaluate(wb, halfA))}   B ${fmt(evaluate(wb, halfB))}`);
    const wall = ascent(START, () => true);
    console.log(`tuned-all  ${fmt(evaluate(wall))}\n${JSON.stringify(wall)}`);
  } else {
    const w = { ...START, ...JSON.parse(arg) };
    const label = process.env.LABEL ?? arg;
    console.log(
      `${label.padEnd(24)} all ${fmt(evaluate(w))}  A ${fmt(evaluate(w, halfA))}  B ${fmt(evaluate(w, halfB))}`,
    );
  }
}
