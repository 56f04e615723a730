// Dense-only variants and simple lexical+dense fusions.
import { cosines, has } from "./lib/dense.ts";
import { order, row } from "./lib/eval.ts";
import { bm25, pg } from "./lib/lex.ts";
import { minmax } from "./lib/signals.ts";

row("dense full / raw query", (ci, qi) => order(cosines("full", "qRaw", ci, qi)));
row("dense full / clean query", (ci, qi) => order(cosines("full", "qClean", ci, qi)));
for (const v of ["bare", "winFull", "winBare"])
  if (has(v)) row(`dense ${v} / clean query`, (ci, qi) => order(cosines(v, "qClean", ci, qi)));
const lex = (ci: number, qi: number) => bm25(pg.items[ci]!, pg.queries[ci]![qi]!);
for (const w of [0.3, 0.5, 0.7]) {
  row(`minmax: bm25 + ${w} dense(full,clean)`, (ci, qi) => {
    const l = minmax(lex(ci, qi));
    const d = minmax(cosines("full", "qClean", ci, qi));
    return order(l.map((x, i) => x + w * d[i]!));
  });
}
for (const k of [5, 60]) {
  row(`rrf k=${k}: bm25 + dense(full,clean)`, (ci, qi) => {
    const a = order(lex(ci, qi));
    const b = order(cosines("full", "qClean", ci, qi));
    const s = new Float64Array(a.length);
    for (const [r, i] of a.entries()) s[i] += 1 / (k + r + 1);
    for (const [r, i] of b.entries()) s[i] += 1 / (k + r + 1);
    return order(s);
  });
}
