import type { MemroDb } from "@memro/db";
import type { SigningKey } from "./audit/signing.js";
import type { EmbeddingProvider } from "./embeddings/provider.js";
import type { ApiKeyCache } from "./identity/api-key-cache.js";
import type { AccessCounts } from "./memory/access-counts.js";
import type { LexicalIndex } from "./memory/lexical-index.js";
import type { LexicalStatsCache } from "./memory/lexical-stats-cache.js";
import type { PlannerStats } from "./memory/planner-stats.js";
import type { VectorIndex } from "./memory/vector-index.js";

/** What every core service needs; built once per process by `createCore`. */
export interface CoreContext {
  memro: MemroDb;
  embeddings: EmbeddingProvider;
  vectors: VectorIndex;
  /** BM25 statistics reused while a namespace's audit chain head stands still. */
  lexicalStats: LexicalStatsCache;
  /** In-process BM25 over each namespace's lexemes, proposing lexical candidates. */
  lexicon: LexicalIndex;
  /** Refreshes the planner's statistics as memories are written (PGlite has no autovacuum). */
  plannerStats: PlannerStats;
  signingKey: SigningKey;
  /** Agents' reads of memories, counted behind the reads (decay reinforcement). */
  accessCounts: AccessCounts;
  /** Agents' keys that authenticated in the last seconds; emptied by revocation (NOTIFY). */
  keyCache: ApiKeyCache;
}
