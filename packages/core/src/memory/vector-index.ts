import { type Executor, queryRows, type VectorMode } from "@memro/db";
import { type SQL, sql } from "drizzle-orm";

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
  store(db: Executor, memoryId: string, vector: Float32Array, modelId: string): Promise<void>;
  /** The column value for an insert that writes the vector in the same statement. */
  embeddingSql(vector: Float32Array): SQL;
  nearest(db: Executor, namespaceId: string, query: Float32Array, k: number): Promise<VectorHit[]>;
  similarities(
    db: Executor,
    namespaceId: string,
    query: Float32Array,
    ids: string[],
  ): Promise<Map<string, number>>;
}

export function createVectorIndex(mode: VectorMode): VectorIndex {
  return mode === "pgvector" ? new PgvectorIndex() : new ExactCacheIndex();
}

const literal = (v: Float32Array, open: string, close: string) => `${open}${Array.from(v).join(",")}${close}`;

class PgvectorIndex implements VectorIndex {
  readonly mode = "pgvector" as const;

  embeddingSql(vector: Float32Array) {
    return sql`${literal(vector, "[", "]")}::vector`;
  }

  async store(db: Executor, memoryId: string, vector: Float32Array, modelId: string) {
    await db.execute(sql`update memories set embedding = ${literal(vector, "[", "]")}::vector,
      embedding_model = ${modelId}, vec_seq = nextval('memory_vec_seq') where id = ${memoryId}`);
  }

  async nearest(db: Executor, namespaceId: string, query: Float32Array, k: number) {
    const q = literal(query, "[", "]");
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
    const q = literal(query, "[", "]");
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

/** One namespace's vectors in a flat Float32Array, loaded incrementally by `vec_seq`. */
class NamespaceVectors {
  ids: string[] = [];
  index = new Map<string, number>();
  data = new Float32Array(0);
  dims = 0;
  maxSeq = 0;

  upsert(id: string, vector: ArrayLike<number>) {
    if (this.dims === 0) this.dims = vector.length;
    let slot = this.index.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.index.set(id, slot);
      if ((slot + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(Math.max(1024, this.data.length * 2, (slot + 1) * this.dims));
        grown.set(this.data);
        this.data = grown;
      }
    }
    this.data.set(vector, slot * this.dims);
  }

  /** Drops a vector (its embedding became NULL, as erasure does): the last slot moves into its place. */
  remove(id: string) {
    const slot = this.index.get(id);
    if (slot === undefined) return;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.data.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.ids[slot] = moved;
      this.index.set(moved, slot);
    }
    this.ids.pop();
    this.index.delete(id);
  }

  similarity(slot: number, query: Float32Array): number {
    return dot(this.data, slot * this.dims, query, this.dims);
  }
}

/** Dot product of `query` with the vector at `base` in `data`, unrolled by four (the scan's hot loop). */
function dot(data: Float32Array, base: number, query: Float32Array, dims: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < dims; i += 4) {
    a += data[base + i]! * query[i]!;
    b += data[base + i + 1]! * query[i + 1]!;
    c += data[base + i + 2]! * query[i + 2]!;
    d += data[base + i + 3]! * query[i + 3]!;
  }
  for (; i < dims; i++) a += data[base + i]! * query[i]!;
  return a + b + c + d;
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

  embeddingSql(vector: Float32Array) {
    return sql`${literal(vector, "{", "}")}::real[]`;
  }

  async store(db: Executor, memoryId: string, vector: Float32Array, modelId: string) {
    await db.execute(sql`update memories set embedding = ${literal(vector, "{", "}")}::real[],
      embedding_model = ${modelId}, vec_seq = nextval('memory_vec_seq') where id = ${memoryId}`);
  }

  private async refresh(db: Executor, namespaceId: string): Promise<NamespaceVectors> {
    let cache = this.namespaces.get(namespaceId);
    if (!cache) {
      cache = new NamespaceVectors();
      this.namespaces.set(namespaceId, cache);
    }
    for (;;) {
      const rows = await queryRows<{
        id: string;
        embedding: number[] | string | null;
        vec_seq: string | number;
      }>(
        db,
        sql`select id, embedding, vec_seq from memories where namespace_id = ${namespaceId}
          and vec_seq > ${cache.maxSeq} order by vec_seq limit 20000`,
      );
      for (const row of rows) {
        if (row.embedding === null) cache.remove(row.id);
        else cache.upsert(row.id, parseVector(row.embedding));
        cache.maxSeq = Math.max(cache.maxSeq, Number(row.vec_seq));
      }
      if (rows.length < 20000) return cache;
    }
  }

  async nearest(db: Executor, namespaceId: string, query: Float32Array, k: number) {
    const cache = await this.refresh(db, namespaceId);
    const n = cache.ids.length;
    const { data, dims } = cache;
    // Keep the best k in a small sorted array: k is small next to n.
    const best: VectorHit[] = [];
    for (let slot = 0; slot < n; slot++) {
      const s = dot(data, slot * dims, query, dims);
      if (best.length < k || s > best[best.length - 1]!.similarity) {
        let i = best.length < k ? best.length : best.length - 1;
        if (best.length < k) best.push({ id: "", similarity: 0 });
        while (i > 0 && best[i - 1]!.similarity < s) {
          best[i] = best[i - 1]!;
          i--;
        }
        best[i] = { id: cache.ids[slot]!, similarity: s };
      }
    }
    return best;
  }

  async similarities(db: Executor, namespaceId: string, query: Float32Array, ids: string[]) {
    const cache = await this.refresh(db, namespaceId);
    const out = new Map<string, number>();
    for (const id of ids) {
      const slot = cache.index.get(id);
      if (slot !== undefined) out.set(id, cache.similarity(slot, query));
    }
    return out;
  }
}

function parseVector(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return value
    .replace(/[[\]{}]/g, "")
    .split(",")
    .map(Number);
}
