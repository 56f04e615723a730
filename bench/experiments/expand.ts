// Query expansion through word vectors as new signals on top of the product ranking (ltr.ts
// harness, copied here so that the pool can grow and new features can be swept; its `base` row
// reproduces ltr.ts base). Each query lexeme (speaker names out) is expanded to the conversation's
// vocabulary lexemes whose word vector is close (cosine >= TH, at most M per query lexeme,
// weight sim^P), and scored by BM25 over the pool:
//   xLex  : BM25 of the expansion over the turn alone        (base signal)
//   xWin  : the same over the previous + current turn window  (base signal)
//   xSoft : Σ_query-lexeme idf × best sim in the turn (≥ TH; exact match = 1) / Σ idf (base)
//   qvLex : (MiniLM only) BM25 of the M vocabulary lexemes nearest the whole cleaned question
//   qvMax : (MiniLM only) best cosine of the cleaned question to one lexeme of the turn
//   xNear : best similarity of a query lexeme to a turn lexeme not in the query (no threshold)
//   *F    : the same added at the end of the score instead of the base (not smoothed)
//   idea 3: denseCtr / denseSpk (turn vector minus namespace / speaker mean), sessCen, spkSessCen.
// Best found (EXPANSION-NOTES.md): WV=minilm TH=0.6 M=5 SRCDF=0.05 TGTDF=0.05, '{"xLexF":0.2,"xSoftF":0.2,"xNearF":0.2}'.
// Word vectors: expand-vocab.ts (WV=glove | minilm). POOLX=k adds the top k turns by the
// expansion's BM25 over the whole conversation to the pool (as the product could by a 2nd query).
// Run: WV=glove TH=0.6 M=10 nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/expand.ts [base|sweep|ascent|'{json}']
import { readFileSync } from "node:fs";
import { DEFAULT_WEIGHTS } from "../../packages/core/src/retrieval/index.ts";
import { avgLen, bm25w, C, dfs, idf, itemOff, lens, minmax, poolOf, qOff, V } from "./feedback.ts";
import { CACHE, speakersOf } from "./lib/data.ts";
import { order } from "./lib/eval.ts";
import { type Lex, pg } from "./lib/lex.ts";
import {
  PRODUCT_BASE,
  PRODUCT_FINAL,
  pooledQuestion,
  type StructuredQuestion,
  structuredScores,
  windowTerms,
} from "./lib/pooled.ts";
import {
  ascent as ascentOver,
  evaluate as evaluateWeights,
  fmt,
  halfA,
  halfB,
  objective,
} from "./lib/weight-search.ts";

const WV = process.env.WV ?? "glove";
const TH = Number(process.env.TH ?? 0.6);
const M = Number(process.env.M ?? 10);
const PW = Number(process.env.P ?? 1);
const POOLX = Number(process.env.POOLX ?? 0);
const QTH = Number(process.env.QTH ?? 0.4); // qvLex threshold
const K = Number(process.env.K ?? 50);
const SRCDF = Number(process.env.SRCDF ?? 1); // expand only query lexemes in at most this share of turns
const TGTDF = Number(process.env.TGTDF ?? 1); // expansion targets in at most this share of turns

// ---------------------------------------------------------------- word vectors per lexeme
const meta = JSON.parse(readFileSync(`${CACHE}wv-${WV}.json`, "utf8")) as { lexemes: string[]; dims: number };
const DW = meta.dims;
const WVEC = (() => {
  const b = readFileSync(`${CACHE}wv-${WV}.f32`);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
})();
const rowOf = new Map(meta.lexemes.map((l, i) => [l, i]));
const wordLex = JSON.parse(readFileSync(`${CACHE}wv-words.json`, "utf8")) as Record<string, string>;

/** Speaker-name lexemes per conversation (the prefix puts them in every turn). */
const nameLex = C.map((c) => {
  const s = new Set<string>();
  for (const sp of speakersOf(c))
    for (const p of sp.toLowerCase().match(/[a-z]+/g) ?? []) {
      s.add(p);
      if (wordLex[p]) s.add(wordLex[p]!);
    }
  return s;
});
/** Expansion targets: the conversation's lexemes with a vector, no names, no numbers, ≥ 3 letters. */
const vocab = C.map((c, ci) =>
  Object.keys(dfs[ci]!).filter(
    (t) =>
      rowOf.has(t) && !nameLex[ci]!.has(t) && /^[a-z]{3,}$/.test(t) && dfs[ci]![t]! <= TGTDF * c.items.length,
  ),
);
const vocabPos = vocab.map((v) => new Map(v.map((t, i) => [t, i])));

const simCache = new Map<string, Float32Array>();
export const clearSims = () => simCache.clear();
/** Cosine of one lexeme (or a raw vector) to each vocabulary lexeme of conversation ci. */
function simsTo(ci: number, key: string, vec: (d: number) => number): Float32Array {
  const k = `${ci}|${key}`;
  let s = simCache.get(k);
  if (s) return s;
  const V = vocab[ci]!;
  s = new Float32Array(V.length);
  for (let j = 0; j < V.length; j++) {
    const r = rowOf.get(V[j]!)! * DW;
    let d = 0;
    for (let x = 0; x < DW; x++) d += WVEC[r + x]! * vec(x);
    s[j] = d;
  }
  simCache.set(k, s);
  return s;
}
const lexSims = (ci: number, t: string) => {
  const r = rowOf.get(t)! * DW;
  return simsTo(ci, t, (x) => WVEC[r + x]!);
};

/** Query lexemes that can be expanded: not names, with a vector. */
const sources = (ci: number, qi: number) =>
  Object.keys(pg.queries[ci]![qi]!).filter(
    (t) =>
      rowOf.has(t) &&
      !nameLex[ci]!.has(t) &&
      /^[a-z]{2,}$/.test(t) &&
      (dfs[ci]![t] ?? 0) <= SRCDF * C[ci]!.items.length,
  );

export function expansion(ci: number, qi: number, th = TH, m = M, p = PW): Map<string, number> {
  const q = pg.queries[ci]![qi]!;
  const out = new Map<string, number>();
  for (const s of sources(ci, qi)) {
    const sims = lexSims(ci, s);
    const cand: [number, number][] = [];
    for (let j = 0; j < sims.length; j++) if (sims[j]! >= th && !q[vocab[ci]![j]!]) cand.push([j, sims[j]!]);
    cand.sort((a, b) => b[1] - a[1]);
    for (const [j, v] of cand.slice(0, m)) {
      const t = vocab[ci]![j]!;
      out.set(t, Math.max(out.get(t) ?? 0, v ** p));
    }
  }
  return out;
}

/** Nearest vocabulary lexemes to the whole cleaned question (MiniLM word vectors only). */
function qvExpansion(ci: number, qi: number, th = QTH, m = M): Map<string, number> {
  const out = new Map<string, number>();
  if (DW !== 384) return out;
  const qo = (qOff[ci]! + qi) * 384;
  const sims = simsTo(ci, `q${qi}`, (x) => V.q[qo + x]!);
  const q = pg.queries[ci]![qi]!;
  const cand: [number, number][] = [];
  for (let j = 0; j < sims.length; j++) if (sims[j]! >= th && !q[vocab[ci]![j]!]) cand.push([j, sims[j]!]);
  cand.sort((a, b) => b[1] - a[1]);
  for (const [j, v] of cand.slice(0, m)) out.set(vocab[ci]![j]!, v);
  return out;
}

// ---------------------------------------------------------------- harness (as ltr.ts)
const BASE_F = [
  ...PRODUCT_BASE,
  "xLex",
  "xWin",
  "xSoft",
  "qvLex",
  "qvMax",
  "denseCtr",
  "denseSpk",
  "xNear",
] as const;
const FINAL_F = [
  ...PRODUCT_FINAL,
  "xLexF",
  "xSoftF",
  "sessCen",
  "spkSessCen",
  "denseCtrF",
  "xNearF",
  "xNearSumF",
] as const;
export const NEW = [
  "xLex",
  "xWin",
  "xSoft",
  "qvLex",
  "qvMax",
  "xLexF",
  "xSoftF",
  "denseCtr",
  "denseSpk",
  "sessCen",
  "spkSessCen",
  "denseCtrF",
  "xNear",
  "xNearF",
  "xNearSumF",
];
type W = Record<string, number>;
export const START: W = {
  ...(DEFAULT_WEIGHTS as unknown as W),
  nextDense: (DEFAULT_WEIGHTS as unknown as W).followUp!,
  ...Object.fromEntries(NEW.map((k) => [k, 0])),
};
delete START.followUp;

type Q = StructuredQuestion;

function build(ci: number, qi: number): Q {
  const c = C[ci]!;
  const _q = c.queries[qi]!;
  const items = c.items;
  const extra: number[][] = [];
  if (POOLX) {
    const exp = expansion(ci, qi);
    const L = pg.items[ci]!;
    const sc = items.map((_, i) => (exp.size ? bm25w(ci, exp, L[i]!, lens[ci]![i]!, avgLen[ci]!) : 0));
    extra.push(
      order(sc)
        .filter((i) => sc[i]! > 0)
        .slice(0, POOLX),
    );
  }
  return pooledQuestion(ci, qi, poolOf(ci, qi, K, extra));
}

/** (Re)computes the expansion features of every question with the given parameters. */
export function addExpansion(QS: Q[], th = TH, m = M, p = PW) {
  for (const q of QS) {
    const { ci, qi, P, prev } = q;
    const L = pg.items[ci]!;
    const exp = expansion(ci, qi, th, m, p);
    const bm = (terms: Map<string, number>, win: boolean) =>
      minmax(
        P.map((i, k) => {
          const pp = win && prev[k]! >= 0 ? P[prev[k]!]! : undefined;
          return terms.size
            ? bm25w(
                ci,
                terms,
                windowTerms(L, i, pp),
                lens[ci]![i]! + (pp === undefined ? 0 : lens[ci]![pp]!),
                avgLen[ci]! * (win ? 2 : 1),
              )
            : 0;
        }),
      );
    q.f.xLex = Float64Array.from(bm(exp, false));
    q.f.xWin = Float64Array.from(bm(exp, true));
    q.f.xLexF = q.f.xLex;
    // soft match: each source lexeme's best similarity within the turn
    const src = sources(ci, qi);
    const N = C[ci]!.items.length;
    const ids = src.map((s) => idf(dfs[ci]![s] ?? 0.5, N));
    const idSum = ids.reduce((x, y) => x + y, 0) || 1;
    const sims = src.map((s) => lexSims(ci, s));
    const pos = vocabPos[ci]!;
    /** Over the turns: the idf-weighted mean, over source lexemes, of `best(turn, j)`. */
    const idfWeighted = (best: (turn: Lex, j: number) => number) =>
      Float64Array.from(
        minmax(P.map((i) => src.reduce((tot, _, j) => tot + ids[j]! * best(L[i]!, j), 0) / idSum)),
      );
    const qset = pg.queries[ci]![qi]!;
    // soft match: each source lexeme's best similarity within the turn (exact = 1, below th = 0)
    q.f.xSoft = idfWeighted((turn, j) => {
      let best = 0;
      for (const t of Object.keys(turn)) {
        if (t === src[j]) return 1;
        const x = pos.get(t);
        if (x !== undefined && sims[j]![x]! >= th && sims[j]![x]! > best) best = sims[j]![x]!;
      }
      return best;
    });
    q.f.xSoftF = q.f.xSoft;
    // best similarity of a query lexeme to a turn lexeme that is not in the query (no threshold)
    q.f.xNear = Float64Array.from(
      minmax(
        P.map((i) => {
          let best = 0;
          for (const t of Object.keys(L[i]!)) {
            const x = pos.get(t);
            if (x === undefined || qset[t]) continue;
            for (const sm of sims) if (sm[x]! > best) best = sm[x]!;
          }
          return best;
        }),
      ),
    );
    q.f.xNearF = q.f.xNear;
    // idf-weighted mean over query lexemes of the best similarity to a non-query turn lexeme
    q.f.xNearSumF = idfWeighted((turn, j) => {
      let best = 0;
      for (const t of Object.keys(turn)) {
        const x = pos.get(t);
        if (x !== undefined && !qset[t] && sims[j]![x]! > best) best = sims[j]![x]!;
      }
      return best;
    });
    const qv = qvExpansion(ci, qi, QTH, m);
    q.f.qvLex = Float64Array.from(bm(qv, false));
    if (DW === 384) {
      const qs = simsTo(ci, `q${qi}`, () => 0); // cached by qvExpansion
      q.f.qvMax = Float64Array.from(
        minmax(
          P.map((i) => {
            let best = 0;
            for (const t of Object.keys(L[i]!)) {
              const x = pos.get(t);
              if (x !== undefined && qs[x]! > best) best = qs[x]!;
            }
            return best;
          }),
        ),
      );
    } else q.f.qvMax = new Float64Array(P.length);
  }
}

// ---------------------------------------------------------------- idea 3: centred / topic vectors
const D = 384;
const unit = (a: Float64Array) => {
  const n = Math.hypot(...a) || 1;
  for (let d = 0; d < a.length; d++) a[d]! /= n;
  return a;
};
const meanOf = (ci: number, idx: number[]) => {
  const a = new Float64Array(D);
  for (const i of idx) {
    const o = (itemOff[ci]! + i) * D;
    for (let d = 0; d < D; d++) a[d]! += V.full[o + d]!;
  }
  for (let d = 0; d < D; d++) a[d]! /= Math.max(1, idx.length);
  return a;
};
/** Per conversation: item vectors minus the conversation's mean (ctr) or the speaker's mean (spk),
 *  the centroid of each session (sess) and of each speaker's turns in a session (spkSess). */
const topic = C.map((c, ci) => {
  const all = c.items.map((_, i) => i);
  const mu = meanOf(ci, all);
  const bySp = new Map<string, number[]>();
  const bySess = new Map<number, number[]>();
  const bySpSess = new Map<string, number[]>();
  c.items.forEach((it, i) => {
    bySp.set(it.speaker, [...(bySp.get(it.speaker) ?? []), i]);
    bySess.set(it.session, [...(bySess.get(it.session) ?? []), i]);
    const k = `${it.session}|${it.speaker}`;
    bySpSess.set(k, [...(bySpSess.get(k) ?? []), i]);
  });
  const muSp = new Map([...bySp].map(([k, v]) => [k, meanOf(ci, v)]));
  const ctr = c.items.map((_, i) => {
    const o = (itemOff[ci]! + i) * D;
    return unit(Float64Array.from({ length: D }, (_, d) => V.full[o + d]! - mu[d]!));
  });
  const spk = c.items.map((it, i) => {
    const o = (itemOff[ci]! + i) * D;
    const m = muSp.get(it.speaker)!;
    return unit(Float64Array.from({ length: D }, (_, d) => V.full[o + d]! - m[d]!));
  });
  const sess = new Map([...bySess].map(([k, v]) => [k, unit(meanOf(ci, v))]));
  const spkSess = new Map([...bySpSess].map(([k, v]) => [k, unit(meanOf(ci, v))]));
  return { ctr, spk, sess, spkSess };
});
const qdot = (ci: number, qi: number, v: Float64Array) => {
  const o = (qOff[ci]! + qi) * D;
  let s = 0;
  for (let d = 0; d < D; d++) s += V.q[o + d]! * v[d]!;
  return s;
};

export function addTopic(QS: Q[]) {
  for (const q of QS) {
    const { ci, qi, P } = q;
    const items = C[ci]!.items;
    const T = topic[ci]!;
    q.f.denseCtr = Float64Array.from(minmax(P.map((i) => qdot(ci, qi, T.ctr[i]!))));
    q.f.denseCtrF = q.f.denseCtr;
    q.f.denseSpk = Float64Array.from(minmax(P.map((i) => qdot(ci, qi, T.spk[i]!))));
    q.f.sessCen = Float64Array.from(minmax(P.map((i) => qdot(ci, qi, T.sess.get(items[i]!.session)!))));
    q.f.spkSessCen = Float64Array.from(
      minmax(P.map((i) => qdot(ci, qi, T.spkSess.get(`${items[i]!.session}|${items[i]!.speaker}`)!))),
    );
  }
}

export const scoresOf = structuredScores(BASE_F, FINAL_F);

export const evaluate = (QS: readonly Q[], w: W, filter?: (q: Q) => boolean) =>
  evaluateWeights(QS, scoresOf, w, filter);
export const ascent = (QS: readonly Q[], start: W, filter: (q: Q) => boolean, fixed: Set<string>) =>
  ascentOver(QS, scoresOf, start, filter, { fixed });
export { fmt, halfA, halfB, objective };

export function buildAll(): Q[] {
  const t0 = Date.now();
  const QS = C.flatMap((c, ci) => c.queries.map((_, qi) => build(ci, qi)));
  addExpansion(QS);
  addTopic(QS);
  console.error(`built ${QS.length} questions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return QS;
}

/** Pool recall: share of gold turns (cats 1–4) inside the pool, per category. */
function poolRecall(QS: Q[]): string {
  const by: Record<string, [number, number]> = {};
  for (const q of QS) {
    if (q.cat === "5" || !q.goldCount) continue;
    const e = by[q.cat] ?? [0, 0];
    by[q.cat] = e;
    e[0] += q.gold.size / q.goldCount;
    e[1]++;
  }
  return ["1", "2", "3", "4"].map((c) => (by[c]![0] / by[c]![1]).toFixed(3)).join(" ");
}

if (process.argv[1]?.endsWith("expand.ts")) {
  const arg = process.argv[2] ?? "base";
  const QS = buildAll();
  const tag = `WV=${WV} TH=${TH} M=${M} P=${PW} POOLX=${POOLX} SRCDF=${SRCDF} TGTDF=${TGTDF} QTH=${QTH}`;
  const line = (label: string, w: W) =>
    console.log(
      `${label.padEnd(28)} all ${fmt(evaluate(QS, w))}  A ${fmt(evaluate(QS, w, halfA))}  B ${fmt(evaluate(QS, w, halfB))}`,
    );
  console.log(`# ${tag}; pool recall by cat ${poolRecall(QS)}`);
  if (arg === "base") line("adopted", START);
  else if (arg === "sweep") {
    // one new signal at a time on top of the adopted weights; best weight on each half scored on the other
    line("adopted", START);
    const names = process.env.SIG ? process.env.SIG.split(",") : NEW;
    for (const name of names) {
      let bestA = [-1, 0];
      let bestB = [-1, 0];
      for (const wt of [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5]) {
        const w = { ...START, [name]: wt };
        const oa = objective(evaluate(QS, w, halfA));
        const ob = objective(evaluate(QS, w, halfB));
        if (oa > bestA[0]!) bestA = [oa, wt];
        if (ob > bestB[0]!) bestB = [ob, wt];
        if (process.env.VERBOSE) line(`${name} ${wt}`, w);
      }
      const wa = { ...START, [name]: bestA[1]! };
      const wb = { ...START, [name]: bestB[1]! };
      console.log(
        `${name.padEnd(7)} A-best ${bestA[1]} → B ${fmt(evaluate(QS, wa, halfB))} | B-best ${bestB[1]} → A ${fmt(evaluate(QS, wb, halfA))}`,
      );
    }
    console.log(
      `adopted     on B ${fmt(evaluate(QS, START, halfB))} | on A ${fmt(evaluate(QS, START, halfA))}`,
    );
  } else if (arg === "ascent") {
    // same coordinate ascent with and without the new signals (names in SIG, default all)
    const names = process.env.SIG ? process.env.SIG.split(",") : NEW;
    const without = new Set(NEW);
    const withNew = new Set(NEW.filter((k) => !names.includes(k)));
    for (const [label, fixed] of [
      ["existing only", without],
      [`+ ${names.join(",")}`, withNew],
    ] as const) {
      const wa = ascent(QS, START, halfA, fixed);
      const wb = ascent(QS, START, halfB, fixed);
      console.log(
        `${label}: tuned-A on B ${fmt(evaluate(QS, wa, halfB))} | tuned-B on A ${fmt(evaluate(QS, wb, halfA))}`,
      );
      console.log(`  A: ${JSON.stringify(Object.fromEntries(Object.entries(wa).filter(([, v]) => v)))}`);
      console.log(`  B: ${JSON.stringify(Object.fromEntries(Object.entries(wb).filter(([, v]) => v)))}`);
    }
  } else if (arg === "pair") {
    // per-question R@10 of W2 minus W1 on a half (HALF=A|B): questions better / worse, mean and a
    // paired bootstrap 95% interval of the mean difference (cats 1–4)
    const w1 = { ...START, ...JSON.parse(process.env.W1 ?? "{}") };
    const w2 = { ...START, ...JSON.parse(process.env.W2 ?? "{}") };
    const half = process.env.HALF === "B" ? halfB : process.env.HALF === "A" ? halfA : () => true;
    const r10 = (w: W, q: Q) => {
      const s = scoresOf(w, q);
      const idx = Array.from({ length: q.n }, (_, k) => k).sort((a, b) => s[b]! - s[a]! || a - b);
      return idx.slice(0, 10).filter((k) => q.gold.has(k)).length / (q.goldCount || 1);
    };
    const d = QS.filter((q) => half(q) && q.cat !== "5" && q.goldCount).map((q) => r10(w2, q) - r10(w1, q));
    const mean = (x: number[]) => x.reduce((a, y) => a + y, 0) / x.length;
    let seed = 1;
    const rnd = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const bs = Array.from({ length: 2000 }, () => mean(d.map(() => d[Math.floor(rnd() * d.length)]!))).sort(
      (a, b) => a - b,
    );
    console.log(
      `n ${d.length} better ${d.filter((x) => x > 0).length} worse ${d.filter((x) => x < 0).length} mean ${mean(d).toFixed(4)} 95% [${bs[50]!.toFixed(4)}, ${bs[1949]!.toFixed(4)}]`,
    );
  } else if (arg === "diag") {
    // For cats 1 and 3: the best word-vector similarity between a query lexeme (names out) and a
    // lexeme of the turn that is NOT in the query, for gold turns missed by the adopted top 10 vs
    // the pool's non-gold turns: AUC (chance 0.5) and medians. Says whether any word-level
    // expansion could lift the missed evidence.
    for (const cat of ["1", "3", "2", "4"]) {
      const g: number[] = [];
      const o: number[] = [];
      for (const q of QS) {
        if (q.cat !== cat) continue;
        const s = scoresOf(START, q);
        const top = new Set(
          Array.from({ length: q.n }, (_, k) => k)
            .sort((a, b) => s[b]! - s[a]! || a - b)
            .slice(0, 10),
        );
        const src = sources(q.ci, q.qi);
        const sims = src.map((t) => lexSims(q.ci, t));
        const pos = vocabPos[q.ci]!;
        const qset = pg.queries[q.ci]![q.qi]!;
        q.P.forEach((i, k) => {
          if (top.has(k)) return;
          let best = 0;
          for (const t of Object.keys(pg.items[q.ci]![i]!)) {
            const x = pos.get(t);
            if (x === undefined || qset[t]) continue;
            for (const sm of sims) if (sm[x]! > best) best = sm[x]!;
          }
          (q.gold.has(k) ? g : o).push(best);
        });
      }
      let auc = 0;
      const os = [...o].sort((a, b) => a - b);
      for (const x of g) {
        let lo = 0;
        let hi = os.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (os[mid]! < x) lo = mid + 1;
          else hi = mid;
        }
        auc += lo / os.length;
      }
      const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)] ?? 0;
      console.log(
        `cat ${cat}: missed gold in pool ${g.length}, other pool turns ${o.length}; AUC ${(auc / g.length).toFixed(3)}; median best sim gold ${med(g).toFixed(2)} others ${med(o).toFixed(2)}`,
      );
    }
  } else if (arg === "solo") {
    // each signal alone (over the pool), to compare representations
    const zero = Object.fromEntries(Object.keys(START).map((k) => [k, 0]));
    for (const name of (
      process.env.SIG ?? "dense,denseCtr,denseSpk,sessCen,spkSessCen,xLex,xSoft,qvMax"
    ).split(","))
      line(`${name} alone`, { ...zero, [name]: 1 });
  } else if (arg === "show") {
    // the expansion of a few multi-hop / open-domain questions
    let shown = 0;
    for (const q of QS) {
      if ((q.cat !== "1" && q.cat !== "3") || shown >= Number(process.env.N ?? 15)) continue;
      shown++;
      const e = [...expansion(q.ci, q.qi)].sort((a, b) => b[1] - a[1]);
      console.log(
        `[${q.cat}] ${C[q.ci]!.queries[q.qi]!.text}\n   ${e.map(([t, v]) => `${t}:${v.toFixed(2)}`).join(" ")}`,
      );
      if (DW === 384)
        console.log(
          `   qv: ${[...qvExpansion(q.ci, q.qi)].map(([t, v]) => `${t}:${v.toFixed(2)}`).join(" ")}`,
        );
    }
  } else line(arg, { ...START, ...JSON.parse(arg) });
}
