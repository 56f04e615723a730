export { BM25_DEFAULTS, type Bm25Params, bm25, idf } from "./bm25.js";
export { analyseQuery, type QueryAnalysis } from "./query.js";
export { DEFAULT_WEIGHTS, minMax, type RankInput, rank } from "./rank.js";
export { asksForTime, hasTimeExpression, MONTHS, parseTimeRange, type TimeRange, timeFit } from "./time.js";
export type { Candidate, LexicalStats, RankedMemory, Signals, Weights } from "./types.js";
