import { type Executor, memories, queryRows } from "@memro/db";
import { and, type SQL, sql } from "drizzle-orm";
import { anyOf, arrayLiteral } from "../sql-arrays.js";
import { type Memory, memoryColumns } from "./snapshot.js";

/** What ranking reads of a memory; whole rows are read only for the hits returned. */
const rankColumns = {
  id: memories.id,
  tier: memories.tier,
  content: memories.content,
  data: memories.data,
  importance: memories.importance,
  validFrom: memories.validFrom,
  createdAt: memories.createdAt,
  lastAccessedAt: memories.lastAccessedAt,
  accessCount: memories.accessCount,
  vecSeq: memories.vecSeq,
};
export type RankRow = Pick<Memory, keyof typeof rankColumns>;

/** A candidate: its ranking columns plus what BM25 needs from its tsvector. */
export interface CandidateRow {
  row: RankRow;
  /** Occurrences of each query lexeme in the row's `fts`. */
  terms: Record<string, number>;
  /** `length(fts)`. */
  length: number;
}

/** The question's lexemes as PostgreSQL's `english` configuration makes them (stemmed, no stop words), sorted, as JSON. */
export const lexemesJson = (text: string) =>
  sql`(select coalesce(json_agg(lexeme order by lexeme), '[]'::json) from unnest(to_tsvector('english', ${text})))`;

/** Parses a json column, which one driver returns as text and the other as a value. */
export const fromJson = <T>(value: unknown): T =>
  (typeof value === "string" ? JSON.parse(value) : value) as T;

export async function queryLexemes(db: Executor, text: string): Promise<string[]> {
  const [row] = await queryRows<{ lexemes: unknown }>(db, sql`select ${lexemesJson(text)} as lexemes`);
  return fromJson<string[]>(row?.lexemes ?? "[]");
}

/** A tsquery literal OR-ing the lexemes as they are (already normalised, so no second parse). */
export function orTsQuery(lexemes: readonly string[]): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
}

/** One array parameter, not one parameter per id: binding hundreds of ids costs more than the lookup. */
export const memoryIdIn = (ids: readonly string[]) => anyOf(memories.id, ids, "uuid");

/** Only the query's lexemes are read out of each tsvector: BM25 needs nothing else. */
function termColumns(lexemes: readonly string[]) {
  const terms = lexemes.length
    ? sql<
        Record<string, number>
      >`(select coalesce(jsonb_object_agg(t.lexeme, coalesce(array_length(t.positions, 1), 1)), '{}'::jsonb)
        from unnest(${memories.fts}) t where ${anyOf(sql`t.lexeme`, lexemes)})`
    : sql<Record<string, number>>`'{}'::jsonb`;
  return { terms, length: sql<number>`length(${memories.fts})` };
}

const parseTerms = (terms: unknown) => fromJson<Record<string, number>>(terms);

/** The best `limit` rows matching any lexeme (GIN), by ts_rank, among the rows `where` admits. */
export async function lexicalCandidates(
  db: Executor,
  where: SQL | undefined,
  lexemes: string[],
  limit: number,
): Promise<CandidateRow[]> {
  if (lexemes.length === 0) return [];
  const tsq = sql`${orTsQuery(lexemes)}::tsquery`;
  const rows = await db
    .select({ row: rankColumns, ...termColumns(lexemes) })
    .from(memories)
    .where(and(where, sql`${memories.fts} @@ ${tsq}`))
    .orderBy(sql`ts_rank(${memories.fts}, ${tsq}) desc`, memories.id)
    .limit(limit);
  return rows.map((r) => ({ row: r.row, terms: parseTerms(r.terms), length: Number(r.length) }));
}

/**
 * The query lexemes' counts and the length of each row's tsvector, read from PostgreSQL: for
 * rows the in-process lexicon does not describe at their current `vec_seq`.
 */
export async function documentTerms(
  db: Executor,
  lexemes: string[],
  ids: string[],
): Promise<Map<string, { terms: Record<string, number>; length: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: memories.id, ...termColumns(lexemes) })
    .from(memories)
    .where(memoryIdIn(ids));
  return new Map(rows.map((r) => [r.id, { terms: parseTerms(r.terms), length: Number(r.length) }]));
}

/** `ts_rank_cd(fts, q, 32)` per row: per document, so comparable across searches (context packs rely on that). */
export async function coverDensityRanks(
  db: Executor,
  lexemes: string[],
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0 || lexemes.length === 0) return new Map();
  const rows = await db
    .select({
      id: memories.id,
      rank: sql<number>`ts_rank_cd(${memories.fts}, ${orTsQuery(lexemes)}::tsquery, 32)`,
    })
    .from(memories)
    .where(memoryIdIn(ids));
  return new Map(rows.map((r) => [r.id, Number(r.rank)]));
}

/** The public columns of the rows among `ids` that `where` admits. */
export async function memoriesById(db: Executor, where: SQL | undefined, ids: string[]): Promise<Memory[]> {
  if (ids.length === 0) return [];
  return db
    .select(memoryColumns())
    .from(memories)
    .where(and(where, memoryIdIn(ids)));
}

/** `rankColumns` as a select list aliased to their keys, for `queryRows` and `toRankRow`. */
const RANK_SELECT = sql.raw(
  Object.entries(rankColumns)
    .map(([key, column]) => `memories.${column.name} as "${key}"`)
    .join(", "),
);

type RawRankRow = { [K in keyof RankRow]: unknown } & { isHit: boolean };

/**
 * A search reads a hundred or more of these per side: mapped by hand, since drizzle's
 * per-column mapping cost about a millisecond per search at 100k. Both drivers hand
 * timestamps over as text under drizzle (as PostgreSQL prints them) and jsonb as text or value.
 */
function toRankRow(r: RawRankRow): RankRow {
  return {
    id: r.id as string,
    tier: r.tier as RankRow["tier"],
    content: r.content as string,
    data: fromJson<Record<string, unknown>>(r.data),
    importance: Number(r.importance),
    validFrom: toDate(r.validFrom),
    createdAt: toDate(r.createdAt),
    lastAccessedAt: r.lastAccessedAt === null ? null : toDate(r.lastAccessedAt),
    accessCount: Number(r.accessCount),
    vecSeq: r.vecSeq === null ? null : Number(r.vecSeq),
  };
}

const toDate = (value: unknown) => (value instanceof Date ? value : new Date(value as string));

/**
 * In one round trip: the first `limit` rows of `ids` (in that order) that `where` admits, and
 * the rows `where` admits at the places just before and after each episodic one of them
 * (its neighbouring turns). Integer positions only, as `episodic()` in search reads them.
 */
export async function rankRowsWithNeighbours(
  db: Executor,
  namespaceId: string,
  where: SQL | undefined,
  ids: string[],
  limit: number,
): Promise<{ hits: RankRow[]; neighbours: RankRow[] }> {
  if (ids.length === 0 || limit <= 0) return { hits: [], neighbours: [] };
  const admitted = where ?? sql`true`;
  // Walking the ids in order and stopping at `limit` reads about `limit` rows by primary key,
  // where `id = any(ids)` read all of them (a bitmap scan, then a sort): 1.1 against 1.6 ms.
  // A primary-key lookup per id whatever the statistics say; the alias lets `where` apply.
  const hit = sql`select memories.id, memories.tier, memories.data
    from unnest(${arrayLiteral(ids)}::uuid[]) with ordinality as wanted(wanted_id, ord)
    cross join lateral (select * from ${memories} m where m.id = wanted.wanted_id) as ${memories}
    where ${admitted} order by wanted.ord limit ${limit}`;
  // Shaped so that stale planner statistics (a namespace just written, PGlite without
  // autovacuum) cannot turn it into rescans: the id list is built once (an InitPlan) and each
  // neighbouring place is looked up on its own through memories_episode_place (a lateral join).
  const places = sql`select distinct h.data->>'episode' as episode,
      ((h.data->>'position')::numeric + step.d)::text as position
    from hit h cross join (values (-1), (1)) as step(d)
    where h.tier = 'episodic' and jsonb_typeof(h.data->'episode') = 'string'
      and (h.data->>'position') ~ '^-?[0-9]+$' and (h.data->>'position')::numeric + step.d >= 0`;
  const neighbourIds = sql`select found.id from (${places}) place cross join lateral (
      select n.id from ${memories} n where n.namespace_id = ${namespaceId} and n.tier = 'episodic'
        and n.data->>'episode' = place.episode and n.data->>'position' = place.position
    ) found`;
  const rows = await queryRows<RawRankRow>(
    db,
    sql`with hit as (${hit})
      select ${RANK_SELECT}, memories.id = any(array(select id from hit)) as "isHit"
      from ${memories}
      where ${admitted} and memories.id = any(array(select id from hit union all ${neighbourIds}))`,
  );
  const hits: RankRow[] = [];
  const neighbours: RankRow[] = [];
  for (const r of rows) (r.isHit ? hits : neighbours).push(toRankRow(r));
  const order = new Map(ids.map((id, i) => [id, i]));
  return { hits: hits.sort((a, b) => order.get(a.id)! - order.get(b.id)!), neighbours };
}

/** Row count and mean `length(fts)` over exactly the rows `where` admits (BM25's N and avgdl). */
export async function documentStats(
  db: Executor,
  where: SQL | undefined,
): Promise<{ docCount: number; avgLength: number }> {
  const [row] = await queryRows<{ n: number | string; avg: number | string }>(
    db,
    sql`select count(*)::int as n, coalesce(avg(length(${memories.fts})), 0)::float8 as avg
      from ${memories} where ${where ?? sql`true`}`,
  );
  return { docCount: Number(row?.n ?? 0), avgLength: Number(row?.avg ?? 0) };
}

/** How many rows `where` admits contain each lexeme (BM25's df); the GIN index finds them. */
export async function lexemeFrequencies(
  db: Executor,
  where: SQL | undefined,
  lexemes: string[],
): Promise<Map<string, number>> {
  if (lexemes.length === 0) return new Map();
  const dfs = lexemes.map(
    (l, i) =>
      sql`count(*) filter (where ${memories.fts} @@ ${orTsQuery([l])}::tsquery)::int as ${sql.raw(`d${i}`)}`,
  );
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`select ${sql.join(dfs, sql`, `)} from ${memories}
      where ${and(where, sql`${memories.fts} @@ ${orTsQuery(lexemes)}::tsquery`)}`,
  );
  return new Map(lexemes.map((l, i) => [l, Number(row?.[`d${i}`] ?? 0)]));
}
