import { type Executor, memories, queryRows } from "@memro/db";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Memory, memoryColumns } from "./snapshot.js";

/** A candidate row: the public columns plus what BM25 needs from its tsvector. */
export interface CandidateRow {
  row: Memory;
  terms: Record<string, number>;
  length: number;
  /** `ts_rank_cd(fts, q, 32)`: per document, so comparable across searches (context packs rely on that). */
  tsRank: number;
}

/** The question's lexemes as PostgreSQL's `english` configuration makes them (stemmed, no stop words). */
export async function queryLexemes(db: Executor, text: string): Promise<string[]> {
  const rows = await queryRows<{ lexeme: string }>(
    db,
    sql`select lexeme from unnest(to_tsvector('english', ${text})) order by lexeme`,
  );
  return rows.map((r) => r.lexeme);
}

/** A tsquery literal OR-ing the lexemes as they are (already normalised, so no second parse). */
export function orTsQuery(lexemes: readonly string[]): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
}

const lexemeArray = (lexemes: readonly string[]) =>
  sql`array[${sql.join(
    lexemes.map((l) => sql`${l}`),
    sql`, `,
  )}]::text[]`;

function selectRows(db: Executor, lexemes: readonly string[]) {
  // Only the query's lexemes are read out of each tsvector: BM25 needs nothing else.
  const terms = lexemes.length
    ? sql<
        Record<string, number>
      >`(select coalesce(jsonb_object_agg(t.lexeme, coalesce(array_length(t.positions, 1), 1)), '{}'::jsonb)
        from unnest(${memories.fts}) t where t.lexeme = any(${lexemeArray(lexemes)}))`
    : sql<Record<string, number>>`'{}'::jsonb`;
  const tsRank = lexemes.length
    ? sql<number>`ts_rank_cd(${memories.fts}, ${orTsQuery(lexemes)}::tsquery, 32)`
    : sql<number>`0::real`;
  return db
    .select({ row: memoryColumns(), terms, length: sql<number>`length(${memories.fts})`, tsRank })
    .from(memories)
    .$dynamic();
}

const toCandidate = (r: { row: Memory; terms: unknown; length: unknown; tsRank: unknown }): CandidateRow => ({
  row: r.row,
  terms: (typeof r.terms === "string" ? JSON.parse(r.terms) : r.terms) as Record<string, number>,
  length: Number(r.length),
  tsRank: Number(r.tsRank),
});

/** The best `limit` rows matching any lexeme (GIN), by ts_rank, among the rows `where` admits. */
export async function lexicalCandidates(
  db: Executor,
  where: SQL | undefined,
  lexemes: string[],
  limit: number,
) {
  if (lexemes.length === 0) return [];
  const tsq = sql`${orTsQuery(lexemes)}::tsquery`;
  const rows = await selectRows(db, lexemes)
    .where(and(where, sql`${memories.fts} @@ ${tsq}`))
    .orderBy(sql`ts_rank(${memories.fts}, ${tsq}) desc`, memories.id)
    .limit(limit);
  return rows.map(toCandidate);
}

/** The rows among `ids` that `where` admits. */
export async function rowsById(db: Executor, where: SQL | undefined, lexemes: string[], ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await selectRows(db, lexemes).where(and(where, inArray(memories.id, ids)));
  return rows.map(toCandidate);
}

/** Episodic rows at the given (episode, position) places that `where` admits. */
export async function rowsAt(
  db: Executor,
  where: SQL | undefined,
  lexemes: string[],
  places: { episode: string; position: number }[],
) {
  if (places.length === 0) return [];
  const values = sql.join(
    places.map((p) => sql`(${p.episode}, ${String(p.position)})`),
    sql`, `,
  );
  const rows = await selectRows(db, lexemes).where(
    and(
      where,
      eq(memories.tier, "episodic"),
      sql`(${memories.data}->>'episode', ${memories.data}->>'position') in (values ${values})`,
    ),
  );
  return rows.map(toCandidate);
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
