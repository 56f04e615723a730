// Feedback and diversity experiments on top of the product ranking (K = 50 pool, fed as
// product.ts feeds it). The first pass is a snapshot of packages/core/src/retrieval/rank.ts
// (DEFAULT_WEIGHTS of this session) re-implemented over item indices so that extra signals
// can be folded in; `base` reproduces product.ts exactly (checked by the first row).
// Caches: experiments/.cache/minilm-emb-{qClean,full,winFull}.f32 (embed-min.ts) and pg.json (pg-cache.ts).
// Run: nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/feedback.ts [suite | '{json cfg}']
import { readFileSync } from "node:fs";
import {
  analyseQuery,
  hasTimeExpression,
  timeFit,
  type Weights,
} from "../../packages/core/src/retrieval/index.ts";
import { CACHE, dataset, speakersOf } from "./lib/data.ts";
import { order, row } from "./lib/eval.ts";
import { docLen, type Lex, pg } from "./lib/lex.ts";

export const C = dataset.cases;
const DIMS = 384;
const loadVec = (name: string) => {
  const b = readFileSync(`${CACHE}minilm-emb-${name}.f32`);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
export const V = { full: loadVec("full"), win: loadVec("winFull"), q: loadVec("qClean") };
export const itemOff: number[] = [];
export const qOff: number[] = [];
{
  let a = 0;
  let b = 0;
  for (const c of C) {
    itemOff.push(a);
    qOff.push(b);
    a += c.items.length;
    b += c.queries.length;
  }
}
export const dot = (A: Float32Array, ai: number, B: Float32Array | Float64Array, bi: number) => {
  let s = 0;
  for (let d = 0; d < DIMS; d++) s += A[ai * DIMS + d]! * B[bi * DIMS + d]!;
  return s;
};
export const dfs = C.map((_, ci) => {
  const df: Record<string, number> = {};
  for (const d of pg.items[ci]!) for (const t of Object.keys(d)) df[t] = (df[t] ?? 0) + 1;
  return df;
});
export const lens = C.map((_, ci) => pg.items[ci]!.map((d) => docLen(d, true)));
export const avgLen = lens.map((l) => l.reduce((a, x) => a + x, 0) / l.length);
export const idf = (df: number, N: number) => Math.log(1 + (N - df + 0.5) / (df + 0.5));
export const cosAll = C.map((c, ci) =>
  c.queries.map((_, qi) =>
    Float64Array.from(c.items, (_, i) => dot(V.full, itemOff[ci]! + i, V.q, qOff[ci]! + qi)),
  ),
);
export const analyses = C.map((c) => c.queries.map((q) => analyseQuery(q.text, speakersOf(c))));
// lexemes of speaker names (the "<speaker>: " prefix puts them in every turn of that speaker)
const nameLex = C.map((c) => {
  const s = new Set<string>();
  for (const sp of speakersOf(c)) for (const p of sp.toLowerCase().split(/\s+/)) s.add(p);
  return s;
});

/** Weighted BM25: query = lexeme → weight. */
export function bm25w(ci: number, q: Map<string, number>, terms: Lex, length: number, avg: number): number {
  const N = C[ci]!.items.length;
  const norm = 1 - 0.75 + (0.75 * length) / avg;
  let s = 0;
  for (const [t, w] of q) {
    const f = terms[t];
    const df = dfs[ci]![t];
    if (!f || !df) continue;
    s += (w * idf(df, N) * f * 2.2) / (f + 1.2 * norm);
  }
  return s;
}

export function minmax(x: number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return x.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

export interface Cfg extends Weights {
  K: number;
  /** dense prev-turn-window vector (winFull) as an extra base signal */
  denseWin: number;
  // --- dense PRF
  prf: number; // weight of cos(item, centroid of top prfK) (min-max over pool)
  prfK: number;
  prfWhere: "base" | "final"; // folded into base (gets smoothed / sequence) or added at the end
  /** Rocchio: replace dense by cos(item, q + rocchio * centroid) */
  rocchio: number;
  // --- lexical PRF (RM3-like)
  lprf: number; // weight of the expanded-terms BM25 signal
  lprfK: number; // seeds
  lprfE: number; // expansion terms
  lprfMinDf: number; // expansion term must occur in >= this many turns
  lprfWin: boolean; // score the expansion over the prev+current window
  lprfWhere: "base" | "final";
  // --- second retrieval: grow the pool with the feedback query's top K
  expandPool: boolean;
  // --- diversity (greedy over the top divN)
  divN: number;
  divSession: number; // subtract divSession × (turns already picked from this session)
  divAdj: number; // subtract divAdj if an adjacent turn (same session, |Δpos| = 1) was picked
  divRel: boolean; // penalties relative to the top score
}

export const BASE: Cfg = {
  K: 50,
  lexical: 1,
  lexicalWindow: 0.5,
  dense: 1,
  neighbours: 0.2,
  sequence: 0.3,
  answer: 0.3,
  speaker: 0.2,
  timeCue: 0.2,
  timeRange: 0.4,
  denseWin: 0,
  prf: 0,
  prfK: 3,
  prfWhere: "final",
  rocchio: 0,
  lprf: 0,
  lprfK: 3,
  lprfE: 10,
  lprfMinDf: 2,
  lprfWin: false,
  lprfWhere: "final",
  expandPool: false,
  divN: 0,
  divSession: 0,
  divAdj: 0,
  divRel: false,
};

export function poolOf(ci: number, qi: number, K: number, extra: number[][] = []): number[] {
  const c = C[ci]!;
  const set = new Set<number>();
  const lex = pg.tsRank[ci]![qi]!;
  for (const i of order(lex).slice(0, K)) if (lex[i]! > 0) set.add(i);
  for (const i of order(cosAll[ci]![qi]!).slice(0, K)) set.add(i);
  for (const e of extra) for (const i of e.slice(0, K)) set.add(i);
  for (const i of [...set])
    for (const j of [i - 1, i + 1]) if (c.items[j]?.session === c.items[i]!.session) set.add(j);
  return [...set].sort((a, b) => a - b);
}

export const asks = (content: string) => content.replace(/\s*\[[^\]]*\]\s*$/, "").includes("?");

/** The product's scoring over pool P (item indices), with optional extra base / final signals. */
function scorePool(
  cfg: Cfg,
  ci: number,
  qi: number,
  P: number[],
  extraBase?: number[],
  extraFinal?: number[],
  denseOverride?: number[],
): number[] {
  const c = C[ci]!;
  const items = c.items;
  const qterms = Object.keys(pg.queries[ci]![qi]!);
  const qmap = new Map(qterms.map((t) => [t, 1]));
  const at = new Map(P.map((i, k) => [i, k]));
  const prev = P.map((i) => (items[i - 1]?.session === items[i]!.session ? at.get(i - 1) : undefined));
  const next = P.map((i) => (items[i + 1]?.session === items[i]!.session ? at.get(i + 1) : undefined));
  const L = pg.items[ci]!;
  const lexical = minmax(P.map((i) => bm25w(ci, qmap, L[i]!, lens[ci]![i]!, avgLen[ci]!)));
  const lexicalWindow = minmax(
    P.map((i, k) => {
      const p = prev[k] === undefined ? undefined : P[prev[k]!]!;
      if (p === undefined) return bm25w(ci, qmap, L[i]!, lens[ci]![i]!, avgLen[ci]! * 2);
      const terms: Lex = { ...L[p]! };
      for (const [t, f] of Object.entries(L[i]!)) terms[t] = (terms[t] ?? 0) + f;
      return bm25w(ci, qmap, terms, lens[ci]![i]! + lens[ci]![p]!, avgLen[ci]! * 2);
    }),
  );
  const dense = minmax(denseOverride ?? P.map((i) => cosAll[ci]![qi]![i]!));
  const dwin = cfg.denseWin
    ? minmax(P.map((i) => dot(V.win, itemOff[ci]! + i, V.q, qOff[ci]! + qi)))
    : undefined;
  const base = P.map(
    (_, k) =>
      cfg.lexical * lexical[k]! +
      cfg.lexicalWindow * lexicalWindow[k]! +
      cfg.dense * dense[k]! +
      (dwin ? cfg.denseWin * dwin[k]! : 0) +
      (extraBase ? extraBase[k]! : 0),
  );
  const smoothed = base.map(
    (b, k) =>
      b +
      cfg.neighbours *
        ((prev[k] === undefined ? 0 : base[prev[k]!]!) + (next[k] === undefined ? 0 : base[next[k]!]!)),
  );
  const best = new Map<number, number>();
  P.forEach((i, k) => {
    const s = items[i]!.session;
    best.set(s, Math.max(best.get(s) ?? 0, smoothed[k]!));
  });
  const a = analyses[ci]![qi]!;
  const named = new Set(a.namedSpeakers);
  return P.map((i, k) => {
    const it = items[i]!;
    const p = prev[k] === undefined ? undefined : items[P[prev[k]!]!]!;
    let s = smoothed[k]! + cfg.sequence * (best.get(it.session) ?? 0);
    if (p && p.speaker !== it.speaker && asks(p.text)) s += cfg.answer * base[prev[k]!]!;
    if (named.has(it.speaker)) s += cfg.speaker;
    if (a.asksForTime && hasTimeExpression(it.text)) s += cfg.timeCue;
    if (a.timeRange) s += cfg.timeRange * timeFit(it.time, a.timeRange);
    if (extraFinal) s += extraFinal[k]!;
    return s;
  });
}

function centroid(ci: number, seeds: number[], q?: { qi: number; w: number }): Float64Array {
  const c = new Float64Array(DIMS);
  for (const s of seeds) for (let d = 0; d < DIMS; d++) c[d] += V.full[(itemOff[ci]! + s) * DIMS + d]!;
  let n = Math.hypot(...c) || 1;
  for (let d = 0; d < DIMS; d++) c[d] /= n;
  if (q) {
    // Rocchio: q + w * centroid
    for (let d = 0; d < DIMS; d++) c[d] = V.q[(qOff[ci]! + q.qi) * DIMS + d]! + q.w * c[d]!;
    n = Math.hypot(...c) || 1;
    for (let d = 0; d < DIMS; d++) c[d] /= n;
  }
  return c;
}
const cosTo = (ci: number, i: number, v: Float64Array) => dot(V.full, itemOff[ci]! + i, v, 0);

/** RM3-like expansion lexemes from seed turns: Σ seeds tf/len × idf, top E not in the query. */
function expansion(cfg: Cfg, ci: number, qi: number, seeds: number[]): Map<string, number> {
  const q = pg.queries[ci]![qi]!;
  const N = C[ci]!.items.length;
  const w = new Map<string, number>();
  for (const s of seeds) {
    const d = pg.items[ci]![s]!;
    const len = docLen(d, false) || 1;
    for (const [t, f] of Object.entries(d)) {
      if (q[t] || nameLex[ci]!.has(t) || t.length < 3 || /^\d+$/.test(t)) continue;
      const df = dfs[ci]![t] ?? 0;
      if (df < cfg.lprfMinDf) continue;
      w.set(t, (w.get(t) ?? 0) + (f / len) * idf(df, N));
    }
  }
  const top = [...w].sort((a, b) => b[1] - a[1]).slice(0, cfg.lprfE);
  const mx = top[0]?.[1] ?? 1;
  return new Map(top.map(([t, v]) => [t, v / mx]));
}

function lexSignal(cfg: Cfg, ci: number, P: number[], exp: Map<string, number>): number[] {
  const items = C[ci]!.items;
  const L = pg.items[ci]!;
  return P.map((i) => {
    const p = cfg.lprfWin && items[i - 1]?.session === items[i]!.session ? i - 1 : undefined;
    if (p === undefined) return bm25w(ci, exp, L[i]!, lens[ci]![i]!, avgLen[ci]! * (cfg.lprfWin ? 2 : 1));
    const terms: Lex = { ...L[p]! };
    for (const [t, f] of Object.entries(L[i]!)) terms[t] = (terms[t] ?? 0) + f;
    return bm25w(ci, exp, terms, lens[ci]![i]! + lens[ci]![p]!, avgLen[ci]! * 2);
  });
}

function diversify(cfg: Cfg, ci: number, ranked: number[], score: Map<number, number>): number[] {
  const items = C[ci]!.items;
  const N = Math.min(cfg.divN, ranked.length);
  const head = ranked.slice(0, N);
  const out: number[] = [];
  const perSession = new Map<number, number>();
  const picked = new Set<number>();
  const scale = cfg.divRel ? score.get(ranked[0]!)! : 1;
  while (head.length) {
    let bi = 0;
    let bv = -Infinity;
    head.forEach((i, k) => {
      const it = items[i]!;
      let v = score.get(i)!;
      v -= scale * cfg.divSession * (perSession.get(it.session) ?? 0);
      if (
        cfg.divAdj &&
        ((items[i - 1]?.session === it.session && picked.has(i - 1)) ||
          (items[i + 1]?.session === it.session && picked.has(i + 1)))
      )
        v -= scale * cfg.divAdj;
      if (v > bv) {
        bv = v;
        bi = k;
      }
    });
    const i = head.splice(bi, 1)[0]!;
    out.push(i);
    picked.add(i);
    perSession.set(items[i]!.session, (perSession.get(items[i]!.session) ?? 0) + 1);
  }
  return [...out, ...ranked.slice(N)];
}

export function rankFb(cfg: Cfg, ci: number, qi: number): number[] {
  let P = poolOf(ci, qi, cfg.K);
  let s = scorePool(cfg, ci, qi, P);
  const needsFb = cfg.prf || cfg.rocchio || cfg.lprf;
  if (needsFb) {
    const top = order(s).map((k) => P[k]!);
    const dseeds = top.slice(0, cfg.prfK);
    const lseeds = top.slice(0, cfg.lprfK);
    const cen = cfg.prf ? centroid(ci, dseeds) : undefined;
    const roc = cfg.rocchio ? centroid(ci, dseeds, { qi, w: cfg.rocchio }) : undefined;
    const exp = cfg.lprf ? expansion(cfg, ci, qi, lseeds) : undefined;
    if (cfg.expandPool) {
      const n = C[ci]!.items.length;
      const all = Array.from({ length: n }, (_, i) => i);
      const extra: number[][] = [];
      if (cen) extra.push(order(all.map((i) => cosTo(ci, i, cen))));
      if (roc) extra.push(order(all.map((i) => cosTo(ci, i, roc))));
      if (exp) {
        const sc = lexSignal({ ...cfg, lprfWin: false }, ci, all, exp);
        extra.push(order(sc).filter((i) => sc[i]! > 0));
      }
      P = poolOf(ci, qi, cfg.K, extra);
    }
    const addB = new Array<number>(P.length).fill(0);
    const addF = new Array<number>(P.length).fill(0);
    if (cen) {
      const fb = minmax(P.map((i) => cosTo(ci, i, cen)));
      const tgt = cfg.prfWhere === "base" ? addB : addF;
      fb.forEach((v, k) => {
        tgt[k]! += cfg.prf * v;
      });
    }
    if (exp) {
      const fb = minmax(lexSignal(cfg, ci, P, exp));
      const tgt = cfg.lprfWhere === "base" ? addB : addF;
      fb.forEach((v, k) => {
        tgt[k]! += cfg.lprf * v;
      });
    }
    s = scorePool(cfg, ci, qi, P, addB, addF, roc ? P.map((i) => cosTo(ci, i, roc)) : undefined);
  }
  const ranked = order(s).map((k) => P[k]!);
  if (!cfg.divN) return ranked;
  const sm = new Map(P.map((i, k) => [i, s[k]!]));
  return diversify(cfg, ci, ranked, sm);
}

const run = (label: string, cfg: Partial<Cfg>) => row(label, (ci, qi) => rankFb({ ...BASE, ...cfg }, ci, qi));

if (process.argv[1]?.endsWith("feedback.ts")) {
  const arg = process.argv[2] ?? "base";
  if (arg.startsWith("{")) run(arg, JSON.parse(arg));
  else {
    const suites: Record<string, [string, Partial<Cfg>][]> = {
      base: [["baseline (snapshot of rank.ts, K=50)", {}]],
      prf: [0.1, 0.2, 0.3, 0.5, 1].flatMap((w) =>
        [1, 2, 3, 5].map((k): [string, Partial<Cfg>] => [`dense prf ${w} k${k} final`, { prf: w, prfK: k }]),
      ),
      prfBase: [0.1, 0.2, 0.3, 0.5].flatMap((w) =>
        [1, 3, 5].map((k): [string, Partial<Cfg>] => [
          `dense prf ${w} k${k} base`,
          { prf: w, prfK: k, prfWhere: "base" },
        ]),
      ),
      rocchio: [0.3, 0.5, 1].flatMap((w) =>
        [1, 3, 5].map((k): [string, Partial<Cfg>] => [`rocchio ${w} k${k}`, { rocchio: w, prfK: k }]),
      ),
      lprf: [0.1, 0.2, 0.3, 0.5].flatMap((w) =>
        [1, 3, 5].flatMap((k) =>
          [5, 10].map((e): [string, Partial<Cfg>] => [
            `lex prf ${w} k${k} e${e}`,
            { lprf: w, lprfK: k, lprfE: e },
          ]),
        ),
      ),
      div: [
        ...[0.05, 0.1, 0.2, 0.3, 0.5].map((p): [string, Partial<Cfg>] => [
          `div session ${p}`,
          { divN: 50, divSession: p },
        ]),
        ...[0.05, 0.1, 0.2, 0.3, 0.5].map((p): [string, Partial<Cfg>] => [
          `div adj ${p}`,
          { divN: 50, divAdj: p },
        ]),
      ],
    };
    for (const name of arg.split(",")) for (const [l, c] of suites[name] ?? []) run(l, c);
  }
}
