import type { Executor } from "@memro/db";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { LexicalStats } from "../retrieval/index.js";
import { namespaceHeads } from "./namespace-heads.js";
import { documentStats, lexemeFrequencies } from "./search-sql.js";

interface Entry {
  /** `NamespaceHeads.content` when the entry was computed. */
  head: number;
  docCount: number;
  avgLength: number;
  df: Map<string, number>;
}

export interface LexicalStatsCacheOptions {
  /** Entries kept (one per namespace × visible-rows condition). Default 256. */
  maxEntries?: number;
}

const dialect = new PgDialect();

/**
 * BM25 statistics (row count, mean length, df per lexeme) over exactly the rows a search may
 * see, kept per namespace and per visible-rows condition (so never shared between actors who
 * see different rows). Every memory mutation appends to the namespace's audit chain in its own
 * transaction, so no new memory-bearing event means unchanged statistics, whichever process wrote.
 * The head is read before the statistics: a write landing in between only makes the entry
 * recompute once more, never keeps it stale.
 */
export class LexicalStatsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(options: LexicalStatsCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 256;
  }

  async get(
    db: Executor,
    namespaceId: string,
    where: SQL | undefined,
    lexemes: string[],
    /** `NamespaceHeads.content`, when the caller already read it. */
    knownHead?: number,
  ): Promise<LexicalStats> {
    const key = cacheKey(namespaceId, where);
    const head = knownHead ?? (await namespaceHeads(db, namespaceId)).content;
    let entry = this.entries.get(key);
    if (!entry || entry.head !== head) entry = { head, ...(await documentStats(db, where)), df: new Map() };
    const missing = lexemes.filter((l) => !entry.df.has(l));
    if (missing.length) {
      for (const [lexeme, df] of await lexemeFrequencies(db, where, missing)) entry.df.set(lexeme, df);
    }
    // Re-insert: the map's order is recency of use, the oldest goes first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const df: Record<string, number> = {};
    for (const l of lexemes) df[l] = entry.df.get(l) ?? 0;
    return { docCount: entry.docCount, avgLength: entry.avgLength, df };
  }
}

function cacheKey(namespaceId: string, where: SQL | undefined): string {
  if (!where) return namespaceId;
  const q = dialect.sqlToQuery(where);
  return `${namespaceId}\u0000${q.sql}\u0000${JSON.stringify(q.params)}`;
}
