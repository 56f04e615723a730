// Scoring and coordinate ascent over weight configurations, for harnesses that precompute each
// question's pool and signals (ltr.ts, expand.ts): a configuration is then only arithmetic.

/** What evaluation needs of a precomputed question. */
export interface PooledQuestion {
  /** Conversation index (halves: 0–4 and 5–9). */
  ci: number;
  cat: string;
  /** Pool size. */
  n: number;
  /** Pool positions of gold turns. */
  gold: Set<number>;
  /** All gold turns, in the pool or not. */
  goldCount: number;
}

export type Weights = Record<string, number>;
export type ScoresOf<Q, W> = (w: W, q: Q) => Float64Array;

export interface Result {
  r5: number;
  r10: number;
  /** Category-5 R@10. */
  c5: number;
  /** R@10 per category 1–4. */
  byCat: Record<string, number>;
}

export const halfA = (q: PooledQuestion) => q.ci < 5;
export const halfB = (q: PooledQuestion) => q.ci >= 5;

/** R@5 and R@10 over categories 1–4 (and category 5 apart) of the questions `filter` keeps. */
export function evaluate<Q extends PooledQuestion, W>(
  questions: readonly Q[],
  scoresOf: ScoresOf<Q, W>,
  w: W,
  filter: (q: Q) => boolean = () => true,
): Result {
  let r5 = 0;
  let r10 = 0;
  let m = 0;
  let c5 = 0;
  let m5 = 0;
  const cat: Record<string, [number, number]> = {};
  for (const q of questions) {
    if (!filter(q)) continue;
    const s = scoresOf(w, q);
    const idx = Array.from({ length: q.n }, (_, k) => k).sort((a, b) => s[b]! - s[a]! || a - b);
    let h5 = 0;
    let h10 = 0;
    for (let r = 0; r < Math.min(10, idx.length); r++) {
      if (q.gold.has(idx[r]!)) {
        h10++;
        if (r < 5) h5++;
      }
    }
    const rec5 = q.goldCount ? h5 / q.goldCount : 0;
    const rec10 = q.goldCount ? h10 / q.goldCount : 0;
    if (q.cat === "5") {
      c5 += rec10;
      m5++;
    } else {
      r5 += rec5;
      r10 += rec10;
      m++;
      const e = cat[q.cat] ?? [0, 0];
      cat[q.cat] = e;
      e[0] += rec10;
      e[1]++;
    }
  }
  const byCat: Record<string, number> = {};
  for (const [k, [s, n]] of Object.entries(cat)) byCat[k] = s / n;
  return { r5: r5 / m, r10: r10 / m, c5: m5 ? c5 / m5 : 0, byCat };
}

export const fmt = (r: Result) =>
  `R5 ${r.r5.toFixed(3)} R10 ${r.r10.toFixed(3)} | c5 ${r.c5.toFixed(3)} | ${["1", "2", "3", "4"].map((c) => (r.byCat[c] ?? 0).toFixed(3)).join(" ")}`;

/** What the ascent maximises: R@10, half of R@5, and a quarter of category 5 (kept from collapsing). */
export const objective = (r: Result) => r.r10 + 0.5 * r.r5 + 0.25 * r.c5;

/** Coordinate ascent: each weight in turn, multiplicative and additive steps, keep the best. */
export function ascent<Q extends PooledQuestion, W extends Weights>(
  questions: readonly Q[],
  scoresOf: ScoresOf<Q, W>,
  start: W,
  filter: (q: Q) => boolean,
  options: { fixed?: ReadonlySet<string>; rounds?: number; log?: (line: string) => void } = {},
): W {
  const score = (w: W) => objective(evaluate(questions, scoresOf, w, filter));
  let w = { ...start };
  let best = score(w);
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    let moved = false;
    for (const k of Object.keys(w)) {
      if (options.fixed?.has(k)) continue;
      const v = w[k]!;
      const tries = [v * 0.5, v * 0.75, v * 1.25, v * 1.5, v + 0.1, v - 0.1, v + 0.3].filter((x) => x >= 0);
      for (const t of tries) {
        const cand = { ...w, [k]: Math.round(t * 1000) / 1000 };
        const o = score(cand);
        if (o > best + 1e-4) {
          best = o;
          w = cand;
          moved = true;
        }
      }
    }
    options.log?.(`round ${round}: objective ${best.toFixed(4)} ${JSON.stringify(w)}`);
    if (!moved) break;
  }
  return w;
}
