import { sql } from "drizzle-orm";
import type { Db } from "./create-db.js";
import { queryRows } from "./create-db.js";

/** `pgvector`: HNSW index in the database. `exact-cache`: exact cosine over an in-process cache. */
export type VectorMode = "pgvector" | "exact-cache";

/**
 * Uses pgvector where the extension can be created, converting `memories.embedding` from
 * `real[]` to `vector(n)` once and adding an HNSW cosine index. Idempotent.
 */
export async function ensureVectorSupport(db: Db, dimensions: number): Promise<VectorMode> {
  const available = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_available_extensions where name = 'vector'`,
  );
  if ((available[0]?.n ?? 0) === 0) return "exact-cache";
  await db.execute(sql`create extension if not exists vector`);
  const column = await queryRows<{ udt: string }>(
    db,
    sql`select udt_name as udt from information_schema.columns where table_name = 'memories' and column_name = 'embedding'`,
  );
  if (column[0]?.udt !== "vector") {
    await db.execute(
      sql.raw(
        `alter table memories alter column embedding type vector(${dimensions}) using embedding::vector(${dimensions})`,
      ),
    );
  }
  await db.execute(
    sql`create index if not exists memories_embedding_hnsw on memories using hnsw (embedding vector_cosine_ops)`,
  );
  return "pgvector";
}
