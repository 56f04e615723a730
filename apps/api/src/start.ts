import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { bootstrapAdmin, type Core, createCore, staleEmbeddings } from "@memro/core";
import { type MemroDb, redactUrl } from "@memro/db";
import { docsRoute } from "./docs/route.js";
import type { Env } from "./env.js";
import { eventsRoute } from "./events/route.js";
import { setCookieSecure } from "./http/cookies.js";
import { createApiServer } from "./http/server.js";
import { backupRoute } from "./jobs/backup-route.js";
import { reindexRoute } from "./jobs/reindex-route.js";
import { createLogger, setLogFile, setLogLevel } from "./log.js";
import { mcpRoute } from "./mcp/route.js";

const log = createLogger("api");
export const VERSION = "0.1.0";

export interface RunningApi {
  url: string;
  port: number;
  core: Core;
  /** Set on the very first start when the password was generated: print it once. */
  firstAdmin?: { email: string; password?: string };
  close(): Promise<void>;
}

/** Opens the database and model, bootstraps the first admin and listens. */
export async function startApi(
  env: Env,
  overrides: { port?: number; db?: MemroDb } = {},
): Promise<RunningApi> {
  setLogLevel(env.MEMRO_LOG_LEVEL);
  setLogFile(env.MEMRO_LOG_FILE);
  setCookieSecure(env.MEMRO_COOKIE_SECURE);
  const core = await createCore({
    db: overrides.db
      ? overrides.db
      : env.DATABASE_URL
        ? { kind: "postgres", url: env.DATABASE_URL }
        : { kind: "pglite", dataDir: resolve(env.dataDir, "db") },
    embeddings:
      env.MEMRO_EMBEDDINGS === "openai"
        ? {
            kind: "openai",
            baseUrl: env.MEMRO_OPENAI_BASE_URL!,
            model: env.MEMRO_OPENAI_MODEL!,
            apiKey: env.MEMRO_OPENAI_API_KEY,
          }
        : env.MEMRO_EMBEDDINGS === "use-lite"
          ? { kind: "use-lite", workers: env.MEMRO_EMBEDDING_WORKERS }
          : { kind: "minilm", threads: env.MEMRO_EMBEDDING_WORKERS },
    signingKey: { path: env.signingKeyFile },
    keyCacheMs: env.MEMRO_KEY_CACHE_MS,
  });
  // Load the model now: the first write or search should not pay for it, and a broken install fails at start.
  await core.embeddings.warmup?.();
  log.info("database ready", {
    database: core.memro.kind === "postgres" ? redactUrl(env.DATABASE_URL!) : resolve(env.dataDir, "db"),
    vectorPath:
      core.vectors.mode === "pgvector"
        ? "pgvector (HNSW, cosine)"
        : "exact in-process cache (no pgvector on this server)",
    embeddingModel: core.embeddings.modelId,
  });
  for (const stale of await staleEmbeddings(core)) {
    log.warn(
      "memories embedded by another model: search by meaning misses or misranks them until reindexed",
      {
        ...stale,
        fix: `memro reindex --namespace ${stale.namespaceId}`,
      },
    );
  }
  const admin = await bootstrapAdmin(core, {
    email: env.MEMRO_ADMIN_EMAIL,
    password: env.MEMRO_ADMIN_PASSWORD,
  });
  const maxBodyBytes = env.MEMRO_MAX_BODY_BYTES;
  const server = createApiServer({
    core,
    maxBodyBytes,
    version: VERSION,
    extraRoutes: [
      mcpRoute({ core, maxBodyBytes, version: VERSION }),
      eventsRoute({ core, log: createLogger("events") }),
      docsRoute(VERSION),
      reindexRoute(core),
      backupRoute(core),
    ],
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(overrides.port ?? env.PORT, env.HOST, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${env.HOST}:${port}`;
  log.info("api listening", { url });
  return {
    url,
    port,
    core,
    ...(admin.created ? { firstAdmin: { email: admin.email, password: admin.password } } : {}),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await core.close();
    },
  };
}
