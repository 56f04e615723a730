import { type Executor, memories, queryRows } from "@memro/db";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import { assertNotHeld, withHoldAudit } from "../compliance/holds.js";
import type { CoreContext } from "../context.js";
import { conflict, forbidden, notFound } from "../errors.js";
import { authorizeWrite, requireOperator } from "../policy/policy.js";
import { createPromotion } from "../promotions/create.js";
import { assertRunOpen } from "../runs/access.js";
import { checkDeleteBudget } from "../runs/delete-budget.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { contentHash } from "./dedup.js";
import { TIER_DATA, updateMemoryInput } from "./schemas.js";
import { type Memory, publicMemory, snapshot } from "./snapshot.js";
import { storeVector } from "./vector-index.js";
import { memoryVisibility } from "./visibility.js";

type Row = typeof memories.$inferSelect;
export type MutationResult =
  | { status: "applied"; memory: Memory }
  | { status: "pending"; promotionId: string };

/** Loads a memory the actor may change, locked for the transaction. Agents may change only their own. */
async function lockForChange(tx: Executor, actor: Actor, ns: string, id: string): Promise<Row> {
  if (!z.uuid().safeParse(id).success) throw notFound("memory");
  const visible = await memoryVisibility(tx, actor, ns);
  const [row] = await tx
    .select()
    .from(memories)
    .where(and(visible, eq(memories.id, id)))
    .for("update");
  if (!row) throw notFound("memory");
  if (actor.type === "agent" && row.authorAgentId !== actor.agentId) {
    throw forbidden("agents may change only the memories they wrote");
  }
  return row;
}

async function gate(
  ctx: CoreContext,
  actor: Actor,
  ns: string,
  id: string,
  action: string,
  proposed: Record<string, unknown>,
  runId: string | null = null,
): Promise<MutationResult | null> {
  if (actor.type !== "agent") {
    requireOperator(actor, "approver");
    return null;
  }
  const db = ctx.memro.db;
  const row = await db.transaction((tx) => lockForChange(tx, actor, ns, id));
  const mode = await authorizeWrite(db, actor, row.tier, { action, targetId: id, runId });
  if (mode === "direct") return null;
  const promotion = await db.transaction((tx) =>
    createPromotion(tx, actor, {
      namespaceId: ns,
      kind: "gated_write",
      targetTier: row.tier,
      proposed: { ...proposed, op: action.replace("memory.", ""), id },
      runId,
    }),
  );
  return { status: "pending", promotionId: promotion.id };
}

/**
 * Updates a memory. Knowledge is never edited in place: the change becomes a new version
 * that supersedes the old one. Other tiers are updated in place with version + 1, the
 * before and after kept in the audit payload.
 */
export async function updateMemory(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  opts: { namespaceId?: string; runId?: string | null } = {},
): Promise<MutationResult> {
  const input = parseInput(updateMemoryInput, raw);
  const ns = namespaceOf(actor, opts.namespaceId);
  if (actor.type === "agent" && opts.runId) await assertRunOpen(ctx.memro.db, actor.agentId, ns, opts.runId);
  const pending = await gate(ctx, actor, ns, input.id, "memory.update", input, opts.runId ?? null);
  if (pending) return pending;
  const vector = input.content ? (await ctx.embeddings.embed([input.content]))[0] : undefined;
  return ctx.memro.db.transaction(async (tx) => {
    const before = await lockForChange(tx, actor, ns, input.id);
    if (before.status !== "active")
      throw conflict(`memory is ${before.status}; only active memories can be updated`);
    const data =
      input.data !== undefined
        ? parseInput(TIER_DATA[before.tier as keyof typeof TIER_DATA], input.data)
        : before.data;
    const runId = opts.runId ?? null;
    const now = new Date();
    const changes = {
      content: input.content ?? before.content,
      data: data as Record<string, unknown>,
      metadata: input.metadata ?? before.metadata,
      tags: input.tags ?? before.tags,
      labels: input.labels ?? before.labels,
      importance: input.importance ?? before.importance,
      visibility: input.visibility ?? before.visibility,
      contentHash: contentHash(before.tier, input.content ?? before.content),
      version: before.version + 1,
      updatedAt: now,
    };
    let after: Row;
    if (before.tier === "knowledge") {
      const { id: _id, fts: _fts, embedding: _emb, vecSeq: _v, ...rest } = before;
      [after] = (await tx
        .insert(memories)
        .values({
          ...rest,
          ...changes,
          supersedes: before.id,
          validFrom: now,
          recordedAt: now,
          createdAt: now,
          runId: runId ?? rest.runId,
        })
        .returning()) as [Row];
      await tx
        .update(memories)
        .set({ status: "superseded", validTo: now, retiredAt: now, updatedAt: now })
        .where(eq(memories.id, before.id));
      await appendAudit(tx, {
        namespaceId: ns,
        actor,
        action: "memory.supersede",
        targetType: "memory",
        targetId: before.id,
        runId,
        reason: input.reason ?? `superseded by ${after.id}`,
        payload: {
          before: snapshot(before),
          after: { ...snapshot(before), status: "superseded", validTo: now },
        },
      });
      await appendAudit(tx, {
        namespaceId: ns,
        actor,
        action: "memory.create",
        targetType: "memory",
        targetId: after.id,
        runId,
        reason: input.reason ?? null,
        payload: { after: snapshot(after) },
      });
    } else {
      [after] = (await tx.update(memories).set(changes).where(eq(memories.id, before.id)).returning()) as [
        Row,
      ];
      await appendAudit(tx, {
        namespaceId: ns,
        actor,
        action: "memory.update",
        targetType: "memory",
        targetId: before.id,
        runId,
        reason: input.reason ?? null,
        payload: { before: snapshot(before), after: snapshot(after) },
      });
    }
    // The vector's write moves the row to a new vec_seq: the memory returned carries it.
    if (vector) {
      after.vecSeq = await storeVector(tx, ctx.vectors, after.id, vector, ctx.embeddings.modelId);
      after.embeddingModel = ctx.embeddings.modelId;
    } else if (before.tier === "knowledge") Object.assign(after, await copyVector(tx, before.id, after.id));
    return { status: "applied", memory: publicMemory(after) };
  });
}

/** The superseded version's vector on its successor, at a new vec_seq. */
async function copyVector(tx: Executor, fromId: string, toId: string) {
  const [row] = await queryRows<{ vec_seq: number | string | null; embedding_model: string | null }>(
    tx,
    sql`update memories set embedding = src.embedding, embedding_model = src.embedding_model,
      vec_seq = nextval('memory_vec_seq') from memories src where src.id = ${fromId} and memories.id = ${toId}
      returning memories.vec_seq, memories.embedding_model`,
  );
  return row
    ? { vecSeq: row.vec_seq === null ? null : Number(row.vec_seq), embeddingModel: row.embedding_model }
    : {};
}

const STATUS_CHANGES = {
  delete: { from: ["active", "archived"], to: "deleted" },
  archive: { from: ["active"], to: "archived" },
  restore: { from: ["archived", "deleted", "rolled_back"], to: "active" },
} as const;

/** Soft status changes: nothing is ever erased by these; each is audited with before/after. */
export async function changeMemoryStatus(
  ctx: CoreContext,
  actor: Actor,
  change: keyof typeof STATUS_CHANGES,
  id: string,
  opts: { namespaceId?: string; reason?: string; runId?: string | null } = {},
): Promise<MutationResult> {
  const ns = namespaceOf(actor, opts.namespaceId);
  if (actor.type === "agent" && opts.runId) await assertRunOpen(ctx.memro.db, actor.agentId, ns, opts.runId);
  const action = `memory.${change}`;
  const pending = await gate(ctx, actor, ns, id, action, { reason: opts.reason }, opts.runId ?? null);
  if (pending) return pending;
  // A delete refused by a legal hold is audited (`hold.blocked`) once its transaction rolled back.
  return withHoldAudit(ctx.memro.db, actor, action, () =>
    ctx.memro.db.transaction((tx) => applyStatusChange(tx, actor, ns, change, id, opts)),
  );
}

export async function applyStatusChange(
  tx: Executor,
  actor: Actor,
  ns: string,
  change: keyof typeof STATUS_CHANGES,
  id: string,
  opts: { reason?: string; runId?: string | null } = {},
): Promise<MutationResult> {
  const rule = STATUS_CHANGES[change];
  const before = await lockForChange(tx, actor, ns, id);
  if (!(rule.from as readonly string[]).includes(before.status)) {
    throw conflict(`cannot ${change} a memory that is ${before.status}`);
  }
  if (change === "delete") await assertNotHeld(tx, before);
  const [after] = await tx
    .update(memories)
    .set({ status: rule.to, updatedAt: new Date() })
    .where(eq(memories.id, id))
    .returning();
  await appendAudit(tx, {
    namespaceId: ns,
    actor,
    action: `memory.${change}`,
    targetType: "memory",
    targetId: id,
    runId: opts.runId ?? null,
    reason: opts.reason ?? null,
    payload: { before: snapshot(before), after: snapshot(after!) },
  });
  // A run that deletes more than its namespace allows gets a checkpoint raised by policy.
  if (change === "delete" && opts.runId) await checkDeleteBudget(tx, { id: opts.runId, namespaceId: ns });
  return { status: "applied", memory: publicMemory(after!) };
}
