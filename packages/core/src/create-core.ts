import { generateKeyPairSync } from "node:crypto";
import { createDb, type DbOptions, type MemroDb } from "@memro/db";
import { loadOrCreateSigningKey, type SigningKey, signingKeyFromPem } from "./audit/signing.js";
import type { CoreContext } from "./context.js";
import {
  createEmbeddingProvider,
  DEFAULT_EMBEDDINGS,
  type EmbeddingProviderConfig,
} from "./embeddings/index.js";
import type { EmbeddingProvider } from "./embeddings/provider.js";
import { ApiKeyCache } from "./identity/api-key-cache.js";
import { AccessCounts } from "./memory/access-counts.js";
import { LexicalIndex } from "./memory/lexical-index.js";
import { LexicalStatsCache } from "./memory/lexical-stats-cache.js";
import { PlannerStats } from "./memory/planner-stats.js";
import { createVectorIndex } from "./memory/vector-index.js";

export interface CoreOptions {
  db: DbOptions | MemroDb;
  embeddings?: EmbeddingProviderConfig | EmbeddingProvider;
  /** How long an agent's key is trusted without a lookup, in ms (default 5 s; 0: every call). */
  keyCacheMs?: number;
  /** PEM text, or a path to a PEM file created on first start. */
  signingKey?: { pem: string } | { path: string } | SigningKey;
}

export interface Core extends CoreContext {
  close(): Promise<void>;
}

/** Opens the database (migrating it), the embedding model and the signing key: one per process. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const memro = "db" in options.db ? options.db : await createDb(options.db);
  const embeddings =
    options.embeddings && "embed" in options.embeddings
      ? options.embeddings
      : createEmbeddingProvider(options.embeddings ?? DEFAULT_EMBEDDINGS);
  const key = options.signingKey;
  const signingKey: SigningKey = !key
    ? signingKeyFromPem(ephemeralPem())
    : "privateKey" in key
      ? key
      : "pem" in key
        ? signingKeyFromPem(key.pem)
        : loadOrCreateSigningKey(key.path);
  const plannerStats = new PlannerStats(memro.db);
  const accessCounts = new AccessCounts(memro.db);
  const keyCache = new ApiKeyCache(options.keyCacheMs);
  const unlistenKeys = await keyCache.listen(memro);
  return {
    memro,
    embeddings,
    vectors: createVectorIndex(memro.vectorMode, embeddings.dimensions, memro.dimensions),
    lexicalStats: new LexicalStatsCache(),
    lexicon: new LexicalIndex(),
    plannerStats,
    signingKey,
    accessCounts,
    keyCache,
    async close() {
      await unlistenKeys().catch(() => {});
      await plannerStats.settled();
      // Reads counted in the last moments are written, unless the database is already gone.
      await accessCounts.flush().catch(() => {});
      await embeddings.close();
      await memro.close();
    },
  };
}

function ephemeralPem(): string {
  // Tests and throwaway cores get a fresh key; a real server always passes a path or PEM.
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
