import { memories, promotions } from "@memro/db";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import { withHoldAudit } from "../compliance/holds.js";
import type { CoreContext } from "../context.js";
import { badRequest, conflict, forbidden, notFound } from "../errors.js";
import { applyGraphProposal, isGraphProposal } from "../graph/apply-proposal.js";
import { applyStatusChange, updateMemory } from "../memory/mutate.js";
import { rowTierSchema } from "../memory/schemas.js";
import { memoryVisibility } from "../memory/visibility.js";
import { writeMemory } from "../memory/write.js";
import { authorizeWrite, requireOperator } from "../policy/policy.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { createPromotion } from "./create.js";

export const proposeInput = z.strictObject({
  sourceMemoryIds: z.array(z.uuid()).min(1).max(100),
  targetTier: rowTierSchema,
  /** The memory to create in the target tier, in the shape of a write to that tier (without `tier`). */
  proposed: z.record(z.string(), z.unknown()),
  reason: z.string().max(2000).optional(),
  runId: z.uuid().optional(),
});

/** An agent proposes raising memories it can see into a higher-trust tier. */
export async function proposePromotion(ctx: CoreContext, actor: Actor, raw: unknown) {
  if (actor.type !== "agent") throw forbidden("only agents propose promotions");
  const input = parseInput(proposeInput, raw);
  const ns = actor.namespaceId;
  const db = ctx.memro.db;
  const visible = await memoryVisibility(db, actor, ns);
  const found = await db
    .select({ id: memories.id })
    .from(memories)
    .where(and(visible, inArray(memories.id, input.sourceMemoryIds)));
  if (found.length !== new Set(input.sourceMemoryIds).size) throw notFound("source memory");
  await authorizeWrite(db, actor, input.targetTier, { action: "promotion.propose", runId: input.runId });
  return db.transaction((tx) =>
    createPromotion(tx, actor, {
      namespaceId: ns,
      kind: "proposal",
      targetTier: input.targetTier,
      proposed: { ...input.proposed, tier: input.targetTier },
      sourceMemoryIds: input.sourceMemoryIds,
      runId: input.runId ?? null,
      reason: input.reason,
    }),
  );
}

async function loadPending(ctx: CoreContext, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound("promotion");
  const [row] = await ctx.memro.db.select().from(promotions).where(eq(promotions.id, id));
  if (!row) throw notFound("promotion");
  if (row.status !== "pending") throw conflict(`promotion is already ${row.status}`);
  return row;
}

/**
 * An approver or admin approves (optionally with edited content). The memory is written
 * for the proposing agent with `derived_from` links to the sources. Agents can never decide.
 */
export async function approvePromotion(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  edit: { content?: string; reason?: string } = {},
) {
  requireOperator(actor, "approver");
  if (actor.type !== "operator") throw forbidden("only operators decide promotions");
  const p = await loadPending(ctx, id);
  const proposed: Record<string, unknown> = {
    ...p.proposed,
    ...(edit.content ? { content: edit.content } : {}),
  };
  const op = typeof proposed.op === "string" ? proposed.op : "create";
  let resultMemoryId: string | null = null;
  if (isGraphProposal(p)) {
    await applyGraphProposal(ctx, actor, p);
  } else if (op === "create") {
    const { op: _op, id: _id, ...write } = proposed;
    const result = await writeMemory(
      ctx,
      actor,
      { ...write, tier: p.targetTier },
      {
        namespaceId: p.namespaceId,
        authorAgentId: p.proposerAgentId,
        derivedFrom: p.sourceMemoryIds,
        auditAction: "memory.create",
      },
    );
    if (result.status === "pending") throw conflict("approval produced another pending write");
    resultMemoryId = result.memory.id;
  } else if (op === "update") {
    const { op: _op, ...patch } = proposed;
    const result = await updateMemory(ctx, actor, patch, { namespaceId: p.namespaceId, runId: p.runId });
    resultMemoryId = result.status === "applied" ? result.memory.id : null;
  } else if (op === "delete" || op === "archive" || op === "restore") {
    // A legal hold refuses the delete (CONFLICT, promotion left pending), audited as `hold.blocked`.
    await withHoldAudit(ctx.memro.db, actor, `memory.${op}`, () =>
      ctx.memro.db.transaction((tx) =>
        applyStatusChange(tx, actor, p.namespaceId, op, String(proposed.id), {
          runId: p.runId,
          reason: edit.reason,
        }),
      ),
    );
    resultMemoryId = String(proposed.id);
  } else {
    throw badRequest(`unknown promotion operation ${op}`);
  }
  return finish(
    ctx,
    actor,
    p.id,
    "approved",
    edit.reason ?? null,
    resultMemoryId,
    edit.content ? { edited: true } : {},
  );
}

export async function rejectPromotion(ctx: CoreContext, actor: Actor, id: string, reason: string) {
  requireOperator(actor, "approver");
  if (actor.type !== "operator") throw forbidden("only operators decide promotions");
  if (!reason.trim()) throw badRequest("a rejection needs a reason");
  await loadPending(ctx, id);
  return finish(ctx, actor, id, "rejected", reason, null, {});
}

/** The proposing agent may withdraw its own pending promotion. */
export async function withdrawPromotion(ctx: CoreContext, actor: Actor, id: string, reason?: string) {
  const p = await loadPending(ctx, id);
  if (
    actor.type === "agent" &&
    (actor.namespaceId !== p.namespaceId || actor.agentId !== p.proposerAgentId)
  ) {
    throw notFound("promotion");
  }
  if (actor.type === "operator") requireOperator(actor, "approver");
  return finish(ctx, actor, id, "withdrawn", reason ?? null, null, {});
}

async function finish(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  status: "approved" | "rejected" | "withdrawn",
  reason: string | null,
  resultMemoryId: string | null,
  extra: Record<string, unknown>,
) {
  return ctx.memro.db.transaction(async (tx) => {
    const [row] = await tx
      .update(promotions)
      .set({
        status,
        reason: reason ?? undefined,
        decidedAt: new Date(),
        decidedBy: actor.type === "operator" ? actor.operatorId : null,
        resultMemoryId,
      })
      .where(and(eq(promotions.id, id), eq(promotions.status, "pending")))
      .returning();
    if (!row) throw conflict("promotion was decided meanwhile");
    const verb = status === "approved" ? "approve" : status === "rejected" ? "reject" : "withdraw";
    await appendAudit(tx, {
      namespaceId: row.namespaceId,
      actor,
      action: `promotion.${verb}`,
      targetType: "promotion",
      targetId: id,
      runId: row.runId,
      reason,
      payload: { status, resultMemoryId, ...extra },
    });
    return row;
  });
}

export const listPromotionsInput = z.strictObject({
  status: z.enum(["pending", "approved", "rejected", "withdrawn"]).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export async function listPromotions(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  const input = parseInput(listPromotionsInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  const conds = [eq(promotions.namespaceId, ns)];
  if (input.status) conds.push(eq(promotions.status, input.status));
  // An agent sees only its own proposals.
  if (actor.type === "agent") conds.push(eq(promotions.proposerAgentId, actor.agentId));
  return ctx.memro.db
    .select()
    .from(promotions)
    .where(and(...conds))
    .orderBy(desc(promotions.createdAt))
    .limit(input.limit);
}
