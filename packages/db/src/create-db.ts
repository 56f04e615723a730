import { accessSync, constants, mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { DatabaseStartError } from "./errors.js";
import { preparingClient } from "./prepared-statements.js";
import * as schema from "./schema/index.js";
import { ensureVectorSupport, type VectorMode } from "./vector-support.js";

export type Schema = typeof schema;
// biome-ignore lint/suspicious/noExplicitAny: both drivers' query-result kinds must fit one type
export type Db = PgDatabase<PgQueryResultHKT & any, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export type DbOptions =
  /** Embedded PostgreSQL; `dataDir` undefined means in memory. */
  { kind: "pglite"; dataDir?: string } | { kind: "postgres"; url: string; maxConnections?: number };

export interface MemroDb {
  db: Db;
  kind: DbOptions["kind"];
  vectorMode: VectorMode;
  /** Embedding width the vector column was created with. */
  dimensions: number;
  /**
   * Listen on a PostgreSQL channel (LISTEN/NOTIFY on both drivers). `onListen` runs each time
   * listening (re)starts: after a lost connection, notifications sent meanwhile are gone.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = new URL("../drizzle", import.meta.url).pathname;
export const EMBEDDING_DIMENSIONS = 512;

/** Opens the database, applies pending migrations and sets up the vector path. */
export async function createDb(options: DbOptions): Promise<MemroDb> {
  const opened = options.kind === "pglite" ? await openPglite(options.dataDir) : await openPostgres(options);
  try {
    await opened.migrate();
    const vectorMode = await ensureVectorSupport(opened.db, EMBEDDING_DIMENSIONS);
    return { ...opened, vectorMode, dimensions: EMBEDDING_DIMENSIONS };
  } catch (error) {
    await opened.close().catch(() => {});
    if (error instanceof DatabaseStartError) throw error;
    throw new DatabaseStartError(`database migration failed: ${firstLine(error)}`, "MIGRATION_FAILED");
  }
}

type Opened = Omit<MemroDb, "vectorMode" | "dimensions"> & { migrate(): Promise<void> };

async function openPglite(dataDir: string | undefined): Promise<Opened> {
  if (dataDir) assertWritableDir(dataDir);
  const client = new PGlite({ dataDir, extensions: { vector } });
  try {
    await client.waitReady;
  } catch (error) {
    throw new DatabaseStartError(
      `cannot open embedded database in ${dataDir}: ${firstLine(error)}`,
      "DATA_DIR_UNWRITABLE",
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    async listen(channel, onMessage, onListen) {
      const unsub = await client.listen(channel, onMessage);
      onListen?.();
      return async () => unsub();
    },
    close: () => client.close(),
  };
}

async function openPostgres(options: { url: string; maxConnections?: number }): Promise<Opened> {
  let client: postgres.Sql;
  try {
    client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
    });
    await client`select 1`;
  } catch (error) {
    throw new DatabaseStartError(
      `cannot connect to PostgreSQL at ${redactUrl(options.url)}: ${firstLine(error)}`,
      "DB_UNREACHABLE",
    );
  }
  const db = drizzlePostgres(preparingClient(client), { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async migrate() {
      // Several api instances may start at once against one database: migrate under a lock.
      const single = postgres(options.url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(72616917)`;
        await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async listen(channel, onMessage, onListen) {
      const { unlisten } = await client.listen(channel, onMessage, onListen);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

function assertWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(
      `data directory ${dir} is not writable: ${firstLine(error)}`,
      "DATA_DIR_UNWRITABLE",
    );
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}

/** Rows of a raw `db.execute(sql...)`: PGlite returns `{ rows }`, postgres-js an array. */
export async function queryRows<T = Record<string, unknown>>(
  executor: Executor,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
