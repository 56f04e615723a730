// Weight search over the product ranking's signals plus candidate new ones, with the
// conversations split in two halves so that a gain is checked on the half it was not tuned on.
// Per question, the pool (K = 50, as product.ts) and every signal are computed once; a
// configuration is then only arithmetic, so coordinate ascent over all weights is quick.
// Run: nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/ltr.ts [ascent|base|'{json weights}']
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_WEIGHTS } from "../../packages/core/src/retrieval/index.ts";
import { C, dfs, idf, itemOff, minmax, poolOf, qOff, V } from "./feedback.ts";
import { CACHE } from "./lib/data.ts";
import { pg } from "./lib/lex.ts";
import {
  PRODUCT_BASE,
  PRODUCT_FINAL,
  pooledQuestion,
  type StructuredQuestion,
  structuredScores,
} from "./lib/pooled.ts";
import { ascent as ascentOver, evaluate as evaluateWeights, fmt, halfA, halfB } from "./lib/weight-search.ts";

/** Signals folded into the base score (then smoothed over neighbours and sessions). */
const BASE_F = [...PRODUCT_BASE, "coverage", "denseRaw", "sentMax"] as const;
/** Signals added at the end. */
const FINAL_F = [...PRODUCT_FINAL, "speakerDense", "prevDense", "sessDense", "rrLex", "rrDense"] as const;
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

type Q = StructuredQuestion;

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
  const q = pooledQuestion(ci, qi, poolOf(ci, qi, Number(process.env.K ?? 50)));
  const { P, prev, cos, f } = q;
  const items = C[ci]!.items;
  const L = pg.items[ci]!;
  const qterms = Object.keys(pg.queries[ci]![qi]!);
  const idfs = qterms.map((t) => idf(dfs[ci]![t] ?? 0, items.length));
  const idfSum = idfs.reduce((a, x) => a + x, 0) || 1;
  const coverage = P.map((i, k) => {
    const p = prev[k]! < 0 ? undefined : L[P[prev[k]!]!];
    let s = 0;
    qterms.forEach((t, j) => {
      if (L[i]![t] || p?.[t]) s += idfs[j]!;
    });
    return s / idfSum;
  });
  f.coverage = Float64Array.from(coverage);
  f.denseRaw = Float64Array.from(cos, (x) => Math.max(0, x));
  f.speakerDense = Float64Array.from(P, (_, k) => f.speaker![k]! * f.dense![k]!);
  f.sentMax = Float64Array.from(minmax(P.map((i, k) => sentMaxCos(ci, qi, i, cos[k]!))));
  f.prevDense = Float64Array.from(P, (_, k) => (prev[k]! < 0 ? 0 : f.dense![prev[k]!]!));
  f.sessDense = sessionTop(
    P.map((i) => items[i]!.session),
    cos,
  );
  f.rrLex = reciprocalRank([...f.lexical!]);
  f.rrDense = reciprocalRank(cos);
  return q;
}

const t0 = Date.now();
export const QS: Q[] = C.flatMap((c, ci) => c.queries.map((_, qi) => build(ci, qi)));
console.error(`built ${QS.length} questions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

export const scoresOf = structuredScores(BASE_F, FINAL_F);

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
