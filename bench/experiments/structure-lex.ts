// Structure signals on the lexical side only (BM25 over PostgreSQL stems).
import { dataset, speakersOf } from "./lib/data.ts";
import { order, row } from "./lib/eval.ts";
import { bm25, type Lex, pg } from "./lib/lex.ts";
import {
  hasTimeExpression,
  isWhenQuestion,
  minmax,
  namedSpeakers,
  sessionMax,
  smooth,
} from "./lib/signals.ts";

const C = dataset.cases;
const q = (ci: number, qi: number) => pg.queries[ci]![qi]!;
const sessDocs = C.map((c, ci) => {
  const m = new Map<number, Lex>();
  c.items.forEach((it, i) => {
    const d = m.get(it.session) ?? {};
    for (const [t, n] of Object.entries(pg.items[ci]![i]!)) d[t] = (d[t] ?? 0) + n;
    m.set(it.session, d);
  });
  return m;
});
function sessionBm25(ci: number, qi: number): Float64Array {
  const keys = [...sessDocs[ci]!.keys()];
  const s = bm25(
    keys.map((k) => sessDocs[ci]!.get(k)!),
    q(ci, qi),
  );
  const by = new Map(keys.map((k, i) => [k, s[i]!]));
  return Float64Array.from(C[ci]!.items, (it) => by.get(it.session)!);
}
// Query lexemes without speaker names (lowercase names are the stems of single names).
function qNoNames(ci: number, qi: number): Lex {
  const names = new Set(speakersOf(C[ci]!).map((s) => s.toLowerCase()));
  return Object.fromEntries(Object.entries(q(ci, qi)).filter(([t]) => !names.has(t)));
}
const turn = (ci: number, qi: number, lex = q(ci, qi)) => minmax(bm25(pg.items[ci]!, lex));
const win = (ci: number, qi: number, lex = q(ci, qi)) => minmax(bm25(pg.windows[ci]!, lex));
const add = (...xs: [number, ArrayLike<number>][]) => {
  const out = new Float64Array(xs[0]![1].length);
  for (const [w, x] of xs) for (let i = 0; i < out.length; i++) out[i] += w * x[i]!;
  return out;
};

row("turn", (ci, qi) => order(turn(ci, qi)));
row("window", (ci, qi) => order(win(ci, qi)));
row("turn + window", (ci, qi) => order(add([1, turn(ci, qi)], [1, win(ci, qi)])));
row("turn + 0.5 window", (ci, qi) => order(add([1, turn(ci, qi)], [0.5, win(ci, qi)])));
const base = (ci: number, qi: number) => add([1, turn(ci, qi)], [1, win(ci, qi)]);
for (const w of [0.2, 0.4])
  row(`tw + ${w} sessionBM25`, (ci, qi) => order(add([1, base(ci, qi)], [w, minmax(sessionBm25(ci, qi))])));
for (const w of [0.2, 0.4])
  row(`tw + ${w} sessionMax`, (ci, qi) =>
    order(add([1, base(ci, qi)], [w, sessionMax(C[ci]!.items, base(ci, qi))])),
  );
for (const a of [0.1, 0.25])
  row(`tw smoothed a=${a}`, (ci, qi) => order(smooth(C[ci]!.items, base(ci, qi), a)));
row("tw, names out of query", (ci, qi) =>
  order(add([1, turn(ci, qi, qNoNames(ci, qi))], [1, win(ci, qi, qNoNames(ci, qi))])),
);
for (const w of [0.1, 0.2]) {
  row(`tw + ${w} speaker named`, (ci, qi) => {
    const named = namedSpeakers(C[ci]!.queries[qi]!.text, speakersOf(C[ci]!));
    const sp = Float64Array.from(C[ci]!.items, (it) => (named.includes(it.speaker) ? 1 : 0));
    return order(add([1, base(ci, qi)], [w, sp]));
  });
}
for (const w of [0.1, 0.2]) {
  row(`tw + ${w} time expr (when-q)`, (ci, qi) => {
    const when = isWhenQuestion(C[ci]!.queries[qi]!.text);
    const t = Float64Array.from(C[ci]!.items, (it) => (when && hasTimeExpression(it.text) ? 1 : 0));
    return order(add([1, base(ci, qi)], [w, t]));
  });
}
