import { type Executor, queryRows, type VectorMode } from "@memro/db";
import { type SQL, sql } from "drizzle-orm";
import { NamespaceVectors } from "./namespace-vectors.js";
import { rowsSince } from "./vec-seq-feed.js";

export interface VectorHit {
  id: string;
  similarity: number;
}

/**
 * Nearest-neighbour search over `memories.embedding`. Both paths return candidates that
 * the caller still filters in SQL (status, visibility, scope), so they over-fetch.
 */
export interface VectorIndex {
  readonly mode: VectorMode;
  /** The column value for a statement that writes the vector (an insert, or `storeVector`). */
  embeddingSql(vector: Float32Array): SQL;
  /** `knownHead`: the namespace's highest `vec_seq` as the caller just read it (spares a catch-up query). */
  nearest(
    db: Executor,
    namespaceId: string,
    query: Float32Array,
    k: number,
    knownHead?: number,
  ): Promise<VectorHit[]>;
  similarities(
    db: Executor,
    namespaceId: string,
    query: Float32Array,
    ids: string[],
    knownHead?: number,
  ): Promise<Map<string, number>>;
}

/**
 * Writes a memory's vector and moves it to the next `vec_seq` (so every process's caches load
 * it); returns that `vec_seq`, or null when no such memory exists.
 */
export async function storeVector(
  db: Executor,
  vectors: VectorIndex,
  memoryId: string,
  vector: Float32Array,
  modelId: string,
): Promise<number | null> {
  const [row] = await queryRows<{ vec_seq: number | string }>(
    db,
    sql`update memories set embedding = ${vectors.embeddingSql(vector)}, embedding_model = ${modelId},
      vec_seq = nextval('memory_vec_seq') where id = ${memoryId} returning vec_seq`,
  );
  return row ? Number(row.vec_seq) : null;
}

/**
 * `dimensions` is the embedding model's width; `columnWidth` the pgvector column's (fixed when
 * the database was created). A narrower model's vectors are zero-padded into the column, which
 * leaves every cosine unchanged.
 */
export function createVectorIndex(mode: VectorMode, dimensions: number, columnWidth: number): VectorIndex {
  if (mode === "exact-cache") return new ExactCacheIndex(dimensions);
  if (dimensions > columnWidth)
    throw new Error(
      `the embedding model gives ${dimensions}-d vectors; the vector column holds ${columnWidth}`,
    );
  return new PgvectorIndex(columnWidth);
}

const literal = (v: Float32Array, open: string, close: string) => `${open}${Array.from(v).join(",")}${close}`;

class PgvectorIndex implements VectorIndex {
  readonly mode = "pgvector" as const;

  constructor(private readonly width: number) {}

  private literal(v: Float32Array) {
    if (v.length === this.width) return literal(v, "[", "]");
    const padded = new Float32Array(this.width);
    padded.set(v);
    return literal(padded, "[", "]");
  }

  embeddingSql(vector: Float32Array) {
    return sql`${this.literal(vector)}::vector`;
  }

  async nearest(db: Executor, namespaceId: string, query: Float32Array, k: number) {
    const q = this.literal(query);
    // Iterative scans keep HNSW from returning too few rows once the namespace filter applies.
    return db.transaction(async (tx) => {
      await tx.execute(
        sql`set local hnsw.ef_search = ${sql.raw(String(Math.max(40, Math.min(1000, k * 2))))}`,
      );
      await tx.execute(sql`set local hnsw.iterative_scan = relaxed_order`);
      const rows = await queryRows<{ id: string; similarity: number }>(
        tx,
        sql`select id, 1 - (embedding <=> ${q}::vector) as similarity from memories
          where namespace_id = ${namespaceId} and status = 'active' and embedding is not null
          order by embedding <=> ${q}::vector limit ${k}`,
      );
      return rows.map((r) => ({ id: r.id, similarity: Number(r.similarity) }));
    });
  }

  async similarities(db: Executor, namespaceId: string, query: Float32Array, ids: string[]) {
    if (ids.length === 0) return new Map<string, number>();
    const q = this.literal(query);
    const rows = await queryRows<{ id: string; similarity: number }>(
      db,
      sql`select id, 1 - (embedding <=> ${q}::vector) as similarity from memories
        where namespace_id = ${namespaceId} and embedding is not null
        and id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
    );
    return new Map(rows.map((r) => [r.id, Number(r.similarity)]));
  }
}

/**
 * Exact cosine search for PostgreSQL without pgvector. Vectors are unit length, so cosine is
 * a dot product. Each call first loads rows whose vec_seq is newer than the cache's, so writes
 * by any process are seen at once. A row whose embedding became NULL with a new vec_seq (an
 * erased memory) leaves the cache, so no search finds it by the meaning it no longer has.
 */
class ExactCacheIndex implements VectorIndex {
  readonly mode = "exact-cache" as const;
  private namespaces = new Map<string, NamespaceVectors>();

  /** Vectors of another width come from another model: left out until `reindex` replaces them. */
  constructor(private readonly dimensions: number) {}

  embeddingSql(vector: Float32Array) {
    return sql`${literal(vector, "{", "}")}::real[]`;
  }

  private async refresh(db: Executor, namespaceId: string, knownHead?: number): Promise<NamespaceVectors> {
    let cache = this.namespaces.get(namespaceId);
    if (!cache) {
      cache = new NamespaceVectors();
      this.namespaces.set(namespaceId, cache);
    }
    type Row = { id: string; embedding: number[] | string | null; vec_seq: string | number };
    for await (const row of rowsSince<Row>(db, namespaceId, cache.maxSeq, sql`id, embedding`, knownHead)) {
      const vector = row.embedding === null ? null : fitWidth(parseVector(row.embedding), this.dimensions);
      if (vector === null) cache.remove(row.id);
      else cache.upsert(row.id, vector);
      cache.maxSeq = Math.max(cache.maxSeq, Number(row.vec_seq));
    }
    return cache;
  }

  async nearest(db: Executor, namespaceId: string, query: Float32Array, k: number, knownHead?: number) {
    const cache = await this.refresh(db, namespaceId, knownHead);
    return cache.nearest(query, k).map(({ slot, similarity }) => ({ id: cache.ids[slot]!, similarity }));
  }

  async similarities(
    db: Executor,
    namespaceId: string,
    query: Float32Array,
    ids: string[],
    knownHead?: number,
  ) {
    const cache = await this.refresh(db, namespaceId, knownHead);
    const known = ids.filter((id) => cache.index.has(id));
    const scores = cache.similaritiesAt(
      query,
      known.map((id) => cache.index.get(id)!),
    );
    return new Map(known.map((id, i) => [id, scores[i]!]));
  }
}

/** The vector at the model's width (a zero-padded pgvector value is cut back), or null if it is another model's. */
function fitWidth(vector: number[], dimensions: number): number[] | null {
  if (vector.length === dimensions) return vector;
  if (vector.length < dimensions || vector.slice(dimensions).some((x) => x !== 0)) return null;
  return vector.slice(0, dimensions);
}

function parseVector(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value
    .replace(/[[\]{}]/g, "")
    .split(",")
    .map(Number);
}
