import { customType, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Embeddings are created as `real[]` so the same migration runs on any PostgreSQL.
 * Where pgvector exists, `ensureVectorSupport()` converts the column to `vector(n)` and
 * adds an HNSW index; the core's vector store reads and writes it with raw SQL.
 */
export const embeddingColumn = customType<{ data: number[]; driverData: string }>({
  dataType: () => "real[]",
});

export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const id = () => uuid("id").primaryKey().defaultRandom();
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
