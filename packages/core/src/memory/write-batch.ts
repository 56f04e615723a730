import { type Executor, memories } from "@memro/db";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAuditMany, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { badRequest } from "../errors.js";
import { authorizeWrite, requireOperator } from "../policy/policy.js";
import { namespaceOf } from "../scope.js";
import { CHUNK_CHARS } from "./chunking.js";
import { contentHash } from "./dedup.js";
import { type ParsedWrite, writeMemoryInput } from "./schemas.js";
import { memoryColumns, publicMemory, snapshot } from "./snapshot.js";
import { nearDuplicate, reinforce, type WriteResult, writeMemory } from "./write.js";

export const MAX_BATCH = 1000;

/**
 * Writes many memories in one transaction: one policy decision per tier, one multi-row
 * insert and one chain append for the lot, each memory still with its own audit event.
 * Items that need the careful path (gated tiers, knowledge facts that may supersede, long
 * documents to chunk) go through `writeMemory` one by one, so the rules are the same.
 * The result has one entry per input, in order.
 */
export async function writeMemories(
  ctx: CoreContext,
  actor: Actor,
  raws: unknown[],
  options: { namespaceId?: string; vectors?: Float32Array[] } = {},
): Promise<WriteResult[]> {
  if (!Array.isArray(raws) || raws.length === 0 || raws.length > MAX_BATCH) {
    throw badRequest(`a batch holds 1 to ${MAX_BATCH} memories`);
  }
  const inputs = raws.map((raw, i) => {
    const parsed = writeMemoryInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badRequest(`invalid input: [${i}].${issue.path.join(".")}: ${issue.message}`, { index: i });
    }
    return parsed.data;
  });
  const ns = namespaceOf(actor, options.namespaceId);
  const db = ctx.memro.db;
  const modes = new Map<string, "direct" | "gated">();
  if (actor.type === "agent") {
    for (const tier of new Set(inputs.map((x) => x.tier))) {
      modes.set(tier, await authorizeWrite(db, actor, tier, { action: "memory.create" }));
    }
  } else {
    requireOperator(actor, "approver");
  }
  // A repeat inside the batch also takes the careful path, after the batch, so it reinforces.
  const seen = new Set<string>();
  const careful = new Set<number>();
  inputs.forEach((x, i) => {
    const key = `${x.tier}|${contentHash(x.tier, x.content)}|${x.subject ?? ""}|${x.tier === "episodic" ? `${x.validFrom?.getTime()}|${x.data.episode}` : ""}`;
    const needsCare =
      modes.get(x.tier) === "gated" ||
      Boolean(x.runId) ||
      x.content.length > CHUNK_CHARS ||
      (x.tier === "knowledge" && Boolean(x.data.subject && x.data.predicate)) ||
      seen.has(key);
    seen.add(key);
    if (needsCare) careful.add(i);
  });
  const simple = inputs.map((x, i) => ({ x, i })).filter(({ i }) => !careful.has(i));
  const vectors = options.vectors ?? [];
  const missing = simple.filter(({ i }) => !vectors[i]);
  if (missing.length) {
    const embedded = await ctx.embeddings.embed(missing.map(({ x }) => x.content));
    missing.forEach(({ i }, k) => {
      vectors[i] = embedded[k]!;
    });
  }
  const results: WriteResult[] = new Array(inputs.length);
  if (simple.length) {
    const authorAgentId = actor.type === "agent" ? actor.agentId : null;
    await db.transaction(async (tx) => {
      const fresh = await reinforceDuplicates(tx, actor, ns, authorAgentId, simple, results);
      const links = new Map<number, string | undefined>();
      for (const { x, i } of fresh) {
        if (x.tier === "episodic") continue;
        const scope = and(
          eq(memories.namespaceId, ns),
          eq(memories.tier, x.tier),
          eq(memories.status, "active"),
          authorAgentId ? eq(memories.authorAgentId, authorAgentId) : isNull(memories.authorAgentId),
          x.subject ? eq(memories.subject, x.subject) : isNull(memories.subject),
        );
        links.set(
          i,
          await nearDuplicate(
            ctx,
            tx,
            {
              namespaceId: ns,
              input: x,
              texts: [x.content],
              vectors: [vectors[i]!],
              authorAgentId,
              options: {},
            },
            scope,
          ),
        );
      }
      if (fresh.length === 0) return;
      const now = new Date();
      // Before the rows take their vec_seq (see lockChainHead).
      await lockChainHead(tx, ns);
      const rows = await tx
        .insert(memories)
        .values(
          fresh.map(({ x, i }) => ({
            namespaceId: ns,
            tier: x.tier,
            content: x.content,
            data: x.data as Record<string, unknown>,
            metadata: x.metadata,
            tags: x.tags,
            labels: x.labels,
            subject: x.subject ?? null,
            authorAgentId,
            visibility: x.visibility,
            importance: x.importance,
            duplicateOf: links.get(i) ?? null,
            contentHash: contentHash(x.tier, x.content),
            validFrom: x.validFrom ?? now,
            validTo: x.validTo ?? null,
            recordedAt: now,
            embedding: ctx.vectors.embeddingSql(vectors[i]!),
            embeddingModel: ctx.embeddings.modelId,
            vecSeq: sql`nextval('memory_vec_seq')`,
          })),
        )
        .returning(memoryColumns());
      await appendAuditMany(
        tx,
        ns,
        rows.map((row) => ({
          actor,
          action: "memory.create",
          targetType: "memory",
          targetId: row.id,
          payload: { after: snapshot(row) },
        })),
      );
      ctx.plannerStats.noteWrites(rows.length);
      rows.forEach((row, k) => {
        const i = fresh[k]!.i;
        const duplicateOf = links.get(i);
        results[i] = {
          status: "created",
          memory: publicMemory(row),
          ...(duplicateOf ? { duplicateOf } : {}),
        };
      });
    });
  }
  for (const [i, x] of inputs.entries()) {
    if (!careful.has(i)) continue;
    results[i] = await writeMemory(ctx, actor, x, {
      namespaceId: ns,
      ...(vectors[i] ? { vectors: [vectors[i]] } : {}),
    });
  }
  return results;
}

/** Exact duplicates of what is held (same rule as single writes) reinforce it; the rest are returned. */
async function reinforceDuplicates(
  tx: Executor,
  actor: Actor,
  ns: string,
  authorAgentId: string | null,
  items: { x: ParsedWrite; i: number }[],
  results: WriteResult[],
) {
  const hashes = [...new Set(items.map(({ x }) => contentHash(x.tier, x.content)))];
  const held = await tx
    .select(memoryColumns())
    .from(memories)
    .where(
      and(
        eq(memories.namespaceId, ns),
        eq(memories.status, "active"),
        inArray(memories.contentHash, hashes),
        authorAgentId ? eq(memories.authorAgentId, authorAgentId) : isNull(memories.authorAgentId),
      ),
    );
  if (held.length === 0) return items;
  const fresh: typeof items = [];
  for (const item of items) {
    const { x } = item;
    const hash = contentHash(x.tier, x.content);
    const match = held.find(
      (m) =>
        m.contentHash === hash &&
        m.tier === x.tier &&
        (m.subject ?? null) === (x.subject ?? null) &&
        (x.tier !== "episodic" ||
          (m.validFrom.getTime() === (x.validFrom?.getTime() ?? -1) &&
            (m.data as { episode?: string }).episode === x.data.episode)),
    );
    if (match) results[item.i] = await reinforce(tx, actor, match, null);
    else fresh.push(item);
  }
  return fresh;
}
