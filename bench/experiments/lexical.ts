// Lexical variants on LoCoMo cats 1–4: our tokens vs PostgreSQL stems, BM25 vs ts_rank(_cd).
import { tokenize } from "../src/bm25.ts";
import { dataset } from "./lib/data.ts";
import { order, row } from "./lib/eval.ts";
import { bm25, pg, toLex } from "./lib/lex.ts";

const ownDocs = dataset.cases.map((c) => c.items.map((i) => toLex(tokenize(i.text))));
row("bm25 [a-z0-9]+ -stop (baseline)", (ci, qi) =>
  order(bm25(ownDocs[ci]!, tokenize(dataset.cases[ci]!.queries[qi]!.text))),
);
row("pg ts_rank OR-query", (ci, qi) => order(pg.tsRank[ci]![qi]!));
row("pg ts_rank_cd OR-query", (ci, qi) => order(pg.tsRankCd[ci]![qi]!));
row("bm25 over pg stems", (ci, qi) => order(bm25(pg.items[ci]!, pg.queries[ci]![qi]!)));
row("bm25 over pg stems, len=distinct", (ci, qi) =>
  order(bm25(pg.items[ci]!, pg.queries[ci]![qi]!, { distinctLength: true })),
);
for (const b of [0.5, 0.9])
  row(`bm25 pg b=${b}`, (ci, qi) => order(bm25(pg.items[ci]!, pg.queries[ci]![qi]!, { b })));
for (const k1 of [0.9, 1.5])
  row(`bm25 pg k1=${k1}`, (ci, qi) => order(bm25(pg.items[ci]!, pg.queries[ci]![qi]!, { k1 })));
row("bm25 pg over prev+cur window", (ci, qi) => order(bm25(pg.windows[ci]!, pg.queries[ci]![qi]!)));
