import { bm25 } from "./bm25.js";
import type { QueryAnalysis } from "./query.js";
import { hasTimeExpression, timeFit } from "./time.js";
import type { Candidate, LexicalStats, RankedMemory, Signals, Weights } from "./types.js";

/**
 * Default weights, found on LoCoMo but kept to round values and to signals that make sense
 * for any conversational or episodic memory (see bench/experiments/FINDINGS.md).
 */
export const DEFAULT_WEIGHTS: Weights = {
  // Retuned by coordinate ascent over LoCoMo with the conversations in two halves, each half's
  // weights checked on the other (FINDINGS, seventh session): R@10 0.796 → 0.823. Lexical BM25
  // of the turn alone matters less than it did; the window, dense and session signals carry it.
  lexical: 0.25,
  lexicalWindow: 0.5,
  dense: 1,
  neighbours: 0.05,
  sequence: 0.75,
  answer: 0.2,
  // Lower than the other categories would like: LoCoMo's category 5 names the wrong speaker on
  // purpose, and a larger weight trades it away (FINDINGS, fourth session).
  speaker: 0.5,
  timeCue: 0.5,
  timeRange: 1.25,
  length: 0.2,
  followUp: 0.2,
  opening: 0.15,
};

export interface RankInput {
  /** From `analyseQuery`. */
  query: QueryAnalysis;
  /** The question's lexemes (`to_tsvector('english', question)`), each once. */
  queryTerms: readonly string[];
  candidates: readonly Candidate[];
  stats: LexicalStats;
  weights?: Partial<Weights>;
}

/** Scales to [0, 1] over the candidates (min-max fusion beat reciprocal-rank fusion). */
export function minMax(xs: readonly number[]): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return xs.map((x) => (hi > lo ? (x - lo) / (hi - lo) : 0));
}

const key = (sequence: string, position: number) => `${sequence}\u0000${position}`;

/** Index of the candidate at the given offset in the same sequence, if it was fetched. */
function neighbourIndex(cands: readonly Candidate[]): (i: number, offset: number) => number | undefined {
  const at = new Map<string, number>();
  cands.forEach((c, i) => {
    if (c.sequence !== undefined && c.position !== undefined) at.set(key(c.sequence, c.position), i);
  });
  return (i, offset) => {
    const c = cands[i]!;
    if (c.sequence === undefined || c.position === undefined) return undefined;
    return at.get(key(c.sequence, c.position + offset));
  };
}

/** A turn that asks something: the next turn by someone else likely answers it. */
const asks = (content: string) => content.replace(/\s*\[[^\]]*\]\s*$/, "").includes("?");

/**
 * Ranks candidates best first. Base score = lexical BM25 of the memory, BM25 of the memory
 * joined with its previous turn (answers often lack the words of the question they answer),
 * and dense similarity, each min-max scaled. Structure then adds: the neighbours' base
 * scores, the best base score of the memory's sequence, the previous turn's base score when
 * that turn asked this speaker something, a bonus for speakers the question names, for
 * turns stating a time when the question asks when, for event times in a named range, for
 * longer memories, for a turn whose reply is close to the query, and for a sequence's first
 * turns (sessions tend to open with the news since the last one). Ties keep the candidates' order.
 */
export function rank(input: RankInput): RankedMemory[] {
  const w: Weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const cands = input.candidates;
  const n = cands.length;
  const neighbour = neighbourIndex(cands);
  const prev = cands.map((_, i) => neighbour(i, -1));
  const next = cands.map((_, i) => neighbour(i, 1));

  const lexical = minMax(cands.map((c) => bm25(input.queryTerms, c.terms, c.length, input.stats)));
  const windowStats = { ...input.stats, avgLength: input.stats.avgLength * 2 };
  const lexicalWindow = minMax(
    cands.map((c, i) => {
      const p = prev[i] === undefined ? undefined : cands[prev[i]!];
      if (!p) return bm25(input.queryTerms, c.terms, c.length, windowStats);
      const terms: Record<string, number> = { ...p.terms };
      for (const [t, f] of Object.entries(c.terms)) terms[t] = (terms[t] ?? 0) + f;
      return bm25(input.queryTerms, terms, c.length + p.length, windowStats);
    }),
  );
  const hasDense = cands.some((c) => c.dense !== undefined);
  const dense = hasDense ? minMax(cands.map((c) => c.dense ?? 0)) : new Array<number>(n).fill(0);
  const base = cands.map(
    (_, i) => w.lexical * lexical[i]! + w.lexicalWindow * lexicalWindow[i]! + w.dense * dense[i]!,
  );

  const neighbours = cands.map((_, i) => {
    const p = prev[i];
    const q = next[i];
    return w.neighbours * ((p === undefined ? 0 : base[p]!) + (q === undefined ? 0 : base[q]!));
  });
  const smoothed = base.map((b, i) => b + neighbours[i]!);
  const bestOfSequence = new Map<string, number>();
  cands.forEach((c, i) => {
    if (c.sequence === undefined) return;
    bestOfSequence.set(c.sequence, Math.max(bestOfSequence.get(c.sequence) ?? 0, smoothed[i]!));
  });
  const length = minMax(cands.map((c) => Math.log1p(c.length)));
  const named = new Set(input.query.namedSpeakers);
  const range = input.query.timeRange;

  const ranked = cands.map((c, i): RankedMemory => {
    const p = prev[i] === undefined ? undefined : cands[prev[i]!];
    const signals: Signals = {
      lexical: w.lexical * lexical[i]!,
      lexicalWindow: w.lexicalWindow * lexicalWindow[i]!,
      dense: w.dense * dense[i]!,
      neighbours: neighbours[i]!,
      sequence: c.sequence === undefined ? 0 : w.sequence * (bestOfSequence.get(c.sequence) ?? 0),
      answer: p && p.speaker !== c.speaker && asks(p.content) ? w.answer * base[prev[i]!]! : 0,
      speaker: c.speaker !== undefined && named.has(c.speaker) ? w.speaker : 0,
      timeCue: input.query.asksForTime && hasTimeExpression(c.content) ? w.timeCue : 0,
      timeRange: range && c.time ? w.timeRange * timeFit(c.time, range) : 0,
      length: w.length * length[i]!,
      followUp: next[i] === undefined ? 0 : w.followUp * dense[next[i]!]!,
      opening: c.position === undefined ? 0 : w.opening / Math.max(1, c.position),
    };
    let score = 0;
    for (const k in signals) score += signals[k as keyof Signals];
    return { id: c.id, score, signals };
  });
  // Array sort is stable: ties keep the candidates' order.
  return ranked.sort((a, b) => b.score - a.score);
}
