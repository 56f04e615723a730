import { z } from "zod";
import type { Actor } from "../actor.js";
import { clearedCondition } from "../compliance/clearance.js";
import { deliverToAgent, type ReadContext } from "../compliance/read-log.js";
import type { CoreContext } from "../context.js";
import { analyseQuery, bm25, type Candidate, rank, type Signals, type Weights } from "../retrieval/index.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { type DecaySettings, decayFactor } from "./decay-settings.js";
import { allOf, filterConditions } from "./filters.js";
import { memoryFilters } from "./schemas.js";
import { searchPrelude } from "./search-prelude.js";
import { cachedSpeakers, knownSpeakers } from "./search-speakers.js";
import {
  type CandidateRow,
  coverDensityRanks,
  documentTerms,
  lexicalCandidates,
  memoriesById,
  type RankRow,
  rankRowsWithNeighbours,
} from "./search-sql.js";
import type { Memory } from "./snapshot.js";
import type { VectorHit } from "./vector-index.js";
import { memoryVisibility } from "./visibility.js";

export const searchInput = memoryFilters.extend({
  query: z.string().trim().min(1, "query is empty").max(2000),
  k: z.number().int().min(1).max(100).default(10),
  explain: z.boolean().default(false),
});
export type SearchInput = z.input<typeof searchInput>;

export interface SearchSignals {
  /** ts_rank_cd of the memory for the query's lexemes: per document, comparable across searches. */
  lexical: number;
  /** BM25 over the query's lexemes, with statistics of the rows the actor may see within the filters. */
  bm25: number;
  /** Cosine of the memory's vector to the query's dense text. */
  dense: number;
  /** The ranking score before shaping: the sum of `structure`. */
  fused: number;
  recency: number;
  importance: number;
  /** Weighted contribution of each ranking signal (see `retrieval/rank.ts`). */
  structure: Signals;
}
/**
 * The query's vector and nearest neighbours, shared by searches of one text in one namespace
 * (a context pack searches each tier group with the same task).
 */
export type DenseMemo = Map<string, { vector: Promise<Float32Array>; nearest?: Promise<VectorHit[]> }>;

export interface SearchOptions {
  /** How the hits reach the agent, for the read access log; `false` when the caller logs them itself. */
  readLog?: ReadContext | false;
  denseMemo?: DenseMemo;
}

export interface SearchHit {
  memory: Memory;
  score: number;
  signals?: SearchSignals;
}

/**
 * Candidates per side, plus their neighbours. 50 ranks LoCoMo as 100 did (R@10 0.765 both,
 * R@5 0.682 vs 0.683; FINDINGS) and reads half the rows.
 */
const CANDIDATES = 50;
/**
 * Nearest vectors and lexical proposals are found before visibility applies, so over-fetch;
 * SQL keeps the first CANDIDATES of each that the actor may read. (200 nearest, not 100:
 * pgvector's HNSW scan with iterative scans ran twice as slow at 100.)
 */
const DENSE_FETCH = 200;
const LEXICAL_PROPOSALS = CANDIDATES * 3;
/**
 * Memories without sequences keep the ranking they had before the conversation retune (FINDINGS,
 * seventh session), which was measured on conversations only: the window signal would repeat
 * the lexical one, so lexical and dense weigh as the old 50/50 fusion did, and no length prior.
 * Complete, so that no later change of DEFAULT_WEIGHTS reaches them unmeasured.
 */
const FLAT_WEIGHTS: Weights = {
  lexical: 1,
  lexicalWindow: 0,
  dense: 1,
  neighbours: 0,
  sequence: 0,
  answer: 0,
  speaker: 0.6,
  timeCue: 0.3,
  timeRange: 0.4,
  length: 0,
  followUp: 0,
  opening: 0,
};

/** Lowercase word tokens joined as an OR query; to_tsquery('english') stems and drops stop words. */
export function orQuery(text: string): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words)].join(" | ");
}

/**
 * Hybrid search ranked by `retrieval/rank`: lexical candidates (GIN, best ts_rank) and nearest
 * vectors, plus the neighbouring turns of episodic ones, scored by BM25 over PostgreSQL lexemes,
 * dense cosine and conversation structure, then gently shaped by recency and importance.
 * Every candidate and every statistic comes only from rows the actor may read within the filters.
 */
export async function searchMemories(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const readLog = options.readLog ?? { via: "search" };
  const input = parseInput(searchInput, raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const memo: DenseMemo = options.denseMemo ?? new Map();
  // The model runs off the main thread: start embedding now, while the database answers, when
  // the speakers query analysis needs are already known (the usual case).
  const early = cachedSpeakers(actor, ns);
  if (early) denseEntry(ctx, ns, analyseQuery(input.query, early).denseText, memo);
  const prelude = await searchPrelude(db, actor, ns, input.query);
  const { lexemes, heads, decay: settings } = prelude;
  const known = prelude.policies && Promise.resolve(prelude.policies);
  const [visible, cleared] = await Promise.all([
    memoryVisibility(db, actor, ns, known),
    // Uncleared labelled memories are never candidates: no signal from hidden content may rank them.
    clearedCondition(db, actor, ns, known),
  ]);
  const where = allOf([visible, cleared, ...filterConditions(input)]);
  const speakers = await knownSpeakers(db, actor, ns, allOf([visible, cleared])!);
  const query = analyseQuery(input.query, speakers);
  const [proposed, stats] = await Promise.all([
    ctx.lexicon.propose(db, ns, lexemes, LEXICAL_PROPOSALS, input.tiers, heads.vecSeq),
    ctx.lexicalStats.get(db, ns, where, lexemes, heads.content),
  ]);
  // Lexical candidates are read while the query is still being embedded and scanned.
  const [{ vector: queryVec, nearest }, lexicalRead] = await Promise.all([
    denseSide(ctx, ns, query.denseText, heads.vecSeq, memo),
    rankRowsWithNeighbours(db, ns, where, proposed, CANDIDATES),
  ]);
  let { hits: lexical, neighbours } = lexicalRead;
  let fallback: CandidateRow[] = [];
  // Proposals ignore visibility and filters; when those leave too few, rank in SQL instead.
  if (lexical.length < CANDIDATES && proposed.length === LEXICAL_PROPOSALS) {
    fallback = await lexicalCandidates(db, where, lexemes, CANDIDATES);
    lexical = fallback.map((c) => c.row);
    ({ neighbours } = await rankRowsWithNeighbours(
      db,
      ns,
      where,
      lexical.map((m) => m.id),
      CANDIDATES,
    ));
  }
  // Nearest vectors come from every tier; a search for some tiers reads only theirs.
  const ofTiers = new Set(
    ctx.lexicon.ofTiers(
      ns,
      nearest.map((h) => h.id),
      input.tiers,
    ),
  );
  const dense = new Map(nearest.filter((h) => ofTiers.has(h.id)).map((h) => [h.id, h.similarity]));
  const lexicalIds = new Set(lexical.map((m) => m.id));
  const denseRead = await rankRowsWithNeighbours(
    db,
    ns,
    where,
    [...dense.keys()].filter((id) => !lexicalIds.has(id)),
    CANDIDATES,
  );
  const pool = new Map<string, RankRow | CandidateRow>();
  for (const m of [...lexical, ...denseRead.hits, ...neighbours, ...denseRead.neighbours]) pool.set(m.id, m);
  // Rows the SQL fallback ranked already carry their terms.
  for (const c of fallback) pool.set(c.row.id, c);
  if (pool.size === 0) return [];
  const candidateRows = await withTerms(ctx, ns, lexemes, [...pool.values()]);

  const missing = [...pool.keys()].filter((id) => !dense.has(id));
  for (const [id, s] of await ctx.vectors.similarities(db, ns, queryVec, missing, heads.vecSeq))
    dense.set(id, s);
  // Ties keep insertion order: created time, then the vector sequence (insert order within a batch).
  const rows = candidateRows.sort(
    (a, b) =>
      a.row.createdAt.getTime() - b.row.createdAt.getTime() || (a.row.vecSeq ?? 0) - (b.row.vecSeq ?? 0),
  );
  const candidates = rows.map((c) => toCandidate(c, dense.get(c.row.id)));
  const structured = candidates.some((c) => c.sequence !== undefined);
  const ranked = rank({
    query,
    queryTerms: lexemes,
    candidates,
    stats,
    ...(structured ? {} : { weights: FLAT_WEIGHTS }),
  });

  const byId = new Map(rows.map((c) => [c.row.id, c]));
  const now = Date.now();
  const scored = ranked.map((r) => {
    const m = byId.get(r.id)!.row;
    const recency = decayFactor(m, settings[m.tier as keyof DecaySettings], now);
    // Shaping is gentle on purpose: relevance decides, recency and importance break near-ties.
    const score = r.score * (0.85 + 0.15 * recency) * (0.9 + 0.2 * m.importance);
    return { id: m.id, score, ranked: r, recency };
  });
  // Stable: equal scores keep the ranking's order.
  scored.sort((a, b) => b.score - a.score);
  const best = scored.slice(0, input.k);
  const ids = best.map((h) => h.id);
  // Only the hits returned are explained.
  const signalsOf = ({ id, ranked: r, recency }: (typeof best)[number], lexical: number): SearchSignals => {
    const c = byId.get(id)!;
    return {
      lexical,
      bm25: bm25(lexemes, c.terms, c.length, stats),
      dense: dense.get(id) ?? 0,
      fused: r.score,
      recency,
      importance: c.row.importance,
      structure: r.signals,
    };
  };
  const [rowsOut, ranks] = await Promise.all([
    memoriesById(db, where, ids),
    input.explain ? coverDensityRanks(db, lexemes, ids) : new Map<string, number>(),
  ]);
  // Agents' hits count as accessed (decay); operators' reads do not. The hits are the rows as
  // read, before this read is counted.
  if (actor.type === "agent") ctx.accessCounts.record(rowsOut.map((m) => m.id));
  const full = new Map(rowsOut.map((m) => [m.id, m]));
  // A hit changed out of the actor's sight since it was ranked is left out, not shown stale.
  const top: SearchHit[] = best.flatMap((hit) => {
    const memory = full.get(hit.id);
    if (!memory) return [];
    if (!input.explain) return [{ memory, score: hit.score }];
    return [{ memory, score: hit.score, signals: signalsOf(hit, ranks.get(hit.id) ?? 0) }];
  });
  if (readLog === false) return top;
  const shown = await deliverToAgent(
    db,
    actor,
    ns,
    top.map((h) => h.memory),
    readLog,
  );
  return top.map((h, i) => ({ ...h, memory: shown[i]! }));
}

/** The memo's entry for this text, its embedding started (once per text and namespace). */
function denseEntry(ctx: CoreContext, ns: string, text: string, memo: DenseMemo) {
  const key = `${ns}\u0000${text}`;
  let entry = memo.get(key);
  if (!entry) {
    entry = { vector: ctx.embeddings.embed([text]).then(([v]) => v!) };
    // A search that gives up early leaves this unawaited; its failure is reported by the awaiting one.
    entry.vector.catch(() => {});
    memo.set(key, entry);
  }
  return entry;
}

/** The query's vector and its nearest vectors, scanned once per text and namespace within a memo. */
function denseSide(ctx: CoreContext, ns: string, text: string, vecHead: number, memo: DenseMemo) {
  const entry = denseEntry(ctx, ns, text, memo);
  entry.nearest ??= entry.vector.then((v) => ctx.vectors.nearest(ctx.memro.db, ns, v, DENSE_FETCH, vecHead));
  return Promise.all([entry.vector, entry.nearest]).then(([vector, nearest]) => ({ vector, nearest }));
}

/**
 * BM25's inputs for each candidate: from the in-process lexicon where it describes the row at
 * its current `vec_seq` (the usual case), else read from PostgreSQL.
 */
async function withTerms(
  ctx: CoreContext,
  ns: string,
  lexemes: string[],
  pool: (RankRow | CandidateRow)[],
): Promise<CandidateRow[]> {
  // Rows the SQL fallback ranked already carry their terms; only bare rows need them.
  const bare = pool.filter((c): c is RankRow => !("row" in c));
  const indexed = ctx.lexicon.documents(
    ns,
    lexemes,
    bare.map((m) => m.id),
  );
  const stale = bare.filter((m) => indexed.get(m.id)?.seq !== m.vecSeq).map((m) => m.id);
  const read = await documentTerms(ctx.memro.db, lexemes, stale);
  return pool.map((c) => {
    if ("row" in c) return c;
    // Neither source has it only if it was removed meanwhile: it then matches no lexeme.
    const doc = read.get(c.id) ?? indexed.get(c.id) ?? { terms: {}, length: 0 };
    return { row: c, terms: doc.terms, length: doc.length };
  });
}

/** Episodic structure read from `data`: the episode is the sequence, the position orders it. */
function episodic(m: Pick<Memory, "tier" | "data">): {
  episode?: string;
  position?: number;
  speaker?: string;
} {
  if (m.tier !== "episodic") return {};
  const d = m.data as { episode?: unknown; position?: unknown; speaker?: unknown };
  return {
    ...(typeof d.episode === "string" ? { episode: d.episode } : {}),
    ...(typeof d.position === "number" && Number.isInteger(d.position) ? { position: d.position } : {}),
    ...(typeof d.speaker === "string" ? { speaker: d.speaker } : {}),
  };
}

function toCandidate(c: CandidateRow, dense: number | undefined): Candidate {
  const e = episodic(c.row);
  const sequenced = e.episode !== undefined && e.position !== undefined;
  return {
    id: c.row.id,
    content: c.row.content,
    terms: c.terms,
    length: c.length,
    ...(dense === undefined ? {} : { dense }),
    ...(sequenced ? { sequence: e.episode, position: e.position } : {}),
    ...(e.speaker === undefined ? {} : { speaker: e.speaker }),
    // Event time is what episodic validFrom means; for other tiers it is only the write time.
    ...(c.row.tier === "episodic" ? { time: c.row.validFrom } : {}),
  };
}
