import { memories, queryRows } from "@memro/db";
import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAuditMany, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { requireOperator } from "../policy/policy.js";
import { storeVector } from "./vector-index.js";

export interface ReindexResult {
  reindexed: number;
  model: string;
}

const BATCH = 64;

/**
 * Re-embeds a namespace's memories whose vector was made by another model (or has none),
 * batch by batch: each batch is embedded outside the transaction, then written in one
 * transaction with one `memory.reindex` audit event per memory. `onProgress(done, total)`
 * lets a caller draw a bar. Erased memories (no content to embed) are left alone.
 */
export async function reindexNamespace(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ReindexResult> {
  requireOperator(actor, "admin");
  const db = ctx.memro.db;
  const model = ctx.embeddings.modelId;
  const stale = and(
    eq(memories.namespaceId, namespaceId),
    ne(memories.status, "deleted"),
    or(isNull(memories.embeddingModel), ne(memories.embeddingModel, model)),
  );
  const total = await db.$count(memories, stale);
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  onProgress?.(0, total);
  for (;;) {
    const rows = await db
      .select({
        id: memories.id,
        content: memories.content,
        from: memories.embeddingModel,
        runId: memories.runId,
      })
      .from(memories)
      .where(and(stale, gt(memories.id, after)))
      .orderBy(asc(memories.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    const vectors = await ctx.embeddings.embed(rows.map((r) => r.content));
    await db.transaction(async (tx) => {
      // Before the rows take their vec_seq (see lockChainHead).
      await lockChainHead(tx, namespaceId);
      for (const [i, row] of rows.entries()) await storeVector(tx, ctx.vectors, row.id, vectors[i]!, model);
      await appendAuditMany(
        tx,
        namespaceId,
        rows.map((row) => ({
          actor,
          action: "memory.reindex",
          targetType: "memory",
          targetId: row.id,
          payload: { fromModel: row.from, toModel: model },
        })),
      );
    });
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    onProgress?.(done, total);
  }
  return { reindexed: done, model };
}

/** Namespaces holding memories embedded by another model than the current one, with their counts. */
export async function staleEmbeddings(
  ctx: CoreContext,
): Promise<{ namespaceId: string; memories: number }[]> {
  const rows = await queryRows<{ namespace_id: string; n: number | string }>(
    ctx.memro.db,
    sql`select namespace_id, count(*) as n from memories
      where embedding_model is not null and embedding_model <> ${ctx.embeddings.modelId}
      group by namespace_id order by namespace_id`,
  );
  return rows.map((r) => ({ namespaceId: r.namespace_id, memories: Number(r.n) }));
}
