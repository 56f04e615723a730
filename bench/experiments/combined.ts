// All signals together over the full pool, adding one at a time (the FINDINGS table).
import { dataset, speakersOf } from "./lib/data.ts";
import { centroidCosines, cosines } from "./lib/dense.ts";
import { order, row } from "./lib/eval.ts";
import { bm25, pg } from "./lib/lex.ts";
import {
  asksForTime,
  hasTimeExpr2,
  hasTimeExpression,
  isWhenQuestion,
  minmax,
  namedSpeakers,
  parseTimeRange,
  sessionMax,
  smooth,
  timeFit,
} from "./lib/signals.ts";

interface Cfg {
  lex: number;
  lexWin: number;
  dense: number;
  denseWin: number;
  denseVariant: string;
  denseWinVariant: string;
  denseSmoothPrev: number;
  alpha: number;
  answer: number;
  askPenalty: number;
  timeRange: number;
  time2: number;
  lag: number;
  session: number;
  speaker: number;
  time: number;
  /** Dense feedback: weight of the cosine to the centroid of the first pass's top `prfK`. */
  prf: number;
  prfK: number;
}
const C = dataset.cases;
const Z: Cfg = {
  lex: 1,
  lexWin: 0,
  dense: 0,
  denseWin: 0,
  denseVariant: "full",
  denseWinVariant: "winFull",
  denseSmoothPrev: 0,
  alpha: 0,
  answer: 0,
  askPenalty: 0,
  timeRange: 0,
  time2: 0,
  lag: 14,
  session: 0,
  speaker: 0,
  time: 0,
  prf: 0,
  prfK: 3,
};

function score(cfg: Cfg, ci: number, qi: number): Float64Array {
  const c = C[ci]!;
  const items = c.items;
  const qtext = c.queries[qi]!.text;
  const qlex = pg.queries[ci]![qi]!;
  const n = items.length;
  const s = new Float64Array(n);
  const addIn = (w: number, x: ArrayLike<number>) => {
    if (w) for (let i = 0; i < n; i++) s[i] += w * x[i]!;
  };
  if (cfg.lex) addIn(cfg.lex, minmax(bm25(pg.items[ci]!, qlex)));
  if (cfg.lexWin) addIn(cfg.lexWin, minmax(bm25(pg.windows[ci]!, qlex)));
  if (cfg.dense) {
    let d: ArrayLike<number> = cosines(cfg.denseVariant, "qClean", ci, qi);
    if (cfg.denseSmoothPrev) d = smooth(items, d, cfg.denseSmoothPrev, true);
    addIn(cfg.dense, minmax(d));
  }
  if (cfg.denseWin) addIn(cfg.denseWin, minmax(cosines(cfg.denseWinVariant, "qClean", ci, qi)));
  let out: Float64Array = cfg.alpha ? smooth(items, s, cfg.alpha) : Float64Array.from(s);
  if (cfg.answer) {
    // A turn that follows a question from another speaker is likely its answer.
    for (let i = 1; i < n; i++) {
      const p = items[i - 1]!;
      if (p.session === items[i]!.session && p.speaker !== items[i]!.speaker && p.text.includes("?"))
        out[i] += cfg.answer * s[i - 1]!;
    }
  }
  if (cfg.askPenalty)
    for (let i = 0; i < n; i++)
      if (/\?\s*$/.test(items[i]!.text.replace(/\s*\[shares [^\]]*\]$/, "")))
        out[i] -= cfg.askPenalty * s[i]!;
  if (cfg.session) {
    const sm = sessionMax(items, out);
    out = out.map((x, i) => x + cfg.session * sm[i]!);
  }
  if (cfg.speaker) {
    const named = namedSpeakers(qtext, speakersOf(c));
    out = out.map((x, i) => x + (named.includes(items[i]!.speaker) ? cfg.speaker : 0));
  }
  if (cfg.time && isWhenQuestion(qtext))
    out = out.map((x, i) => x + (hasTimeExpression(items[i]!.text) ? cfg.time : 0));
  if (cfg.time2 && asksForTime(qtext))
    out = out.map((x, i) => x + (hasTimeExpr2(items[i]!.text) ? cfg.time2 : 0));
  const range = cfg.timeRange ? parseTimeRange(qtext) : undefined;
  if (range) out = out.map((x, i) => x + cfg.timeRange * timeFit(items[i]!.time, range, cfg.lag));
  if (cfg.prf) {
    const seeds = [...out.keys()].sort((a, b) => out[b]! - out[a]!).slice(0, cfg.prfK);
    const fb = minmax(centroidCosines(cfg.denseVariant, ci, seeds));
    out = out.map((x, i) => x + cfg.prf * fb[i]!);
  }
  return out;
}
const run = (label: string, cfg: Partial<Cfg>) =>
  row(label, (ci, qi) => order(score({ ...Z, ...cfg }, ci, qi)));

const arg = process.argv[2] ?? "ladder";
if (arg === "ladder") {
  const steps: [string, Partial<Cfg>][] = [
    ["bm25 over PostgreSQL stems", {}],
    ["+ dense (USE-lite, cleaned query) 0.5", { dense: 0.5 }],
    ["+ lexical prev-turn window 1", { lexWin: 1 }],
    ["+ neighbour smoothing 0.2", { alpha: 0.2 }],
    ["+ sequence (session) best 0.3", { session: 0.3 }],
    ["+ named speaker 0.2", { speaker: 0.2 }],
    ["+ answer-follows-question 0.3", { answer: 0.3 }],
    ["+ time cue for when-questions 0.2", { time2: 0.2 }],
    ["+ named time range 0.4", { timeRange: 0.4 }],
    ["+ dense prev-turn window 0.5 (2nd vector)", { denseWin: 0.5 }],
  ];
  let cfg: Partial<Cfg> = {};
  for (const [label, extra] of steps) {
    cfg = { ...cfg, ...extra };
    run(label, cfg);
  }
} else {
  // ad-hoc: node combined.ts '{"dense":0.5,...}'
  run(arg, JSON.parse(arg));
}
