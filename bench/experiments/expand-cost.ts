// Cost of the word-vector expansion signals per search: time to compute xLexF / xSoftF / xNearF
// for every question (cold similarity cache: each query lexeme compared to the namespace's
// vocabulary), and the vocabulary sizes involved.
// Run: WV=minilm TH=0.6 M=5 SRCDF=0.05 TGTDF=0.05 nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/expand-cost.ts
import { addExpansion, buildAll, clearSims } from "./expand.ts";
import { C, dfs } from "./feedback.ts";

const QS = buildAll();
const t0 = performance.now();
addExpansion(QS); // cache warm from buildAll → measures the per-candidate part
const warm = performance.now() - t0;
clearSims();
const t1 = performance.now();
addExpansion(QS);
const cold = performance.now() - t1;
console.log(
  `features, similarities computed afresh per conversation: ${(cold / QS.length).toFixed(2)} ms per question`,
);
console.log(`questions ${QS.length}; mean pool ${(QS.reduce((a, q) => a + q.n, 0) / QS.length).toFixed(0)}`);
console.log(`features with similarities cached: ${(warm / QS.length).toFixed(2)} ms per question`);
console.log(
  `namespace vocabulary (lexemes with df): ${C.map((_, ci) => Object.keys(dfs[ci]!).length).join(" ")}`,
);
