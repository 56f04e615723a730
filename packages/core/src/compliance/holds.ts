import { type Db, type Executor, legalHolds } from "@memro/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, MemroError, notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { listHoldsInput, placeHoldInput } from "./schemas.js";

export type LegalHold = typeof legalHolds.$inferSelect;

/** What a hold is matched against: enough of a memory row to know its subject, run and tags. */
export interface HoldTarget {
  id: string;
  namespaceId: string;
  subject: string | null;
  runId: string | null;
  tags: string[];
}

/**
 * Legal holds: while a hold is active, the memories it covers cannot be erased (subject
 * erasure, retention erase), expired by retention (archive or erase), deleted, or rolled
 * back out of existence. Updates stay allowed: their before-images are kept in the audit
 * payloads, which erasure (the only thing that removes them) is refused for held memories.
 */
export async function placeHold(ctx: CoreContext, actor: Actor, raw: unknown): Promise<LegalHold> {
  requireOperator(actor, "admin");
  const input = parseInput(placeHoldInput, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const [hold] = await tx
      .insert(legalHolds)
      .values({
        namespaceId: input.namespaceId,
        scope: input.scope,
        value: input.value ?? null,
        reason: input.reason,
        createdBy: actor.type === "operator" ? actor.operatorId : null,
      })
      .returning();
    await appendAudit(tx, {
      namespaceId: input.namespaceId,
      actor,
      action: "hold.place",
      targetType: "legal_hold",
      targetId: hold!.id,
      reason: input.reason,
      payload: { after: hold! },
    });
    return hold!;
  });
}

/** Released holds stay on record (a legal hold's history is itself evidence). */
export async function releaseHold(
  ctx: CoreContext,
  actor: Actor,
  holdId: string,
  reason: string,
): Promise<LegalHold> {
  requireOperator(actor, "admin");
  if (!z.uuid().safeParse(holdId).success) throw notFound("legal hold");
  const why = parseInput(z.string().trim().min(1, "a reason is required").max(2000), reason);
  return ctx.memro.db.transaction(async (tx) => {
    const [before] = await tx.select().from(legalHolds).where(eq(legalHolds.id, holdId)).for("update");
    if (!before) throw notFound("legal hold");
    if (before.releasedAt) throw conflict(`legal hold ${holdId} was already released`);
    const [after] = await tx
      .update(legalHolds)
      .set({ releasedAt: new Date() })
      .where(eq(legalHolds.id, holdId))
      .returning();
    await appendAudit(tx, {
      namespaceId: before.namespaceId,
      actor,
      action: "hold.release",
      targetType: "legal_hold",
      targetId: holdId,
      reason: why,
      payload: { before, after: after! },
    });
    return after!;
  });
}

export async function listHolds(ctx: CoreContext, actor: Actor, raw: unknown): Promise<LegalHold[]> {
  requireOperator(actor, "viewer");
  const input = parseInput(listHoldsInput, raw);
  const conds = [eq(legalHolds.namespaceId, input.namespaceId)];
  if (!input.includeReleased) conds.push(isNull(legalHolds.releasedAt));
  return ctx.memro.db
    .select()
    .from(legalHolds)
    .where(and(...conds))
    .orderBy(desc(legalHolds.createdAt));
}

export async function activeHolds(db: Executor, namespaceId: string): Promise<LegalHold[]> {
  return db
    .select()
    .from(legalHolds)
    .where(and(eq(legalHolds.namespaceId, namespaceId), isNull(legalHolds.releasedAt)));
}

/** The first active hold covering the target, if any. */
export function matchHold(holds: LegalHold[], t: HoldTarget): LegalHold | undefined {
  return holds.find(
    (h) =>
      h.namespaceId === t.namespaceId &&
      (h.scope === "namespace" ||
        (h.scope === "subject" && t.subject !== null && h.value === t.subject) ||
        (h.scope === "run" && t.runId !== null && h.value === t.runId) ||
        (h.scope === "tag" && h.value !== null && t.tags.includes(h.value))),
  );
}

export function heldError(
  hold: LegalHold,
  target: { id: string; namespaceId: string },
  targetType = "memory",
) {
  return conflict(`held by legal hold ${hold.id}: ${hold.reason}`, {
    holdBlocked: true,
    holdId: hold.id,
    namespaceId: target.namespaceId,
    targetType,
    targetId: target.id,
  });
}

/**
 * Throws CONFLICT "held by legal hold <id>: <reason>" when an active hold covers the memory.
 * Call it inside the transaction that would remove the memory, after locking its row; wrap
 * that transaction in `withHoldAudit`, which records the refusal once the transaction has
 * rolled back (an event written inside it would be rolled back with it).
 */
export async function assertNotHeld(tx: Executor, row: HoldTarget): Promise<void> {
  const hold = matchHold(await activeHolds(tx, row.namespaceId), row);
  if (hold) throw heldError(hold, row);
}

/**
 * Runs `work` (usually a `db.transaction`) and, when it fails because of a legal hold,
 * appends `hold.blocked` in a transaction of its own, like `write_denied`, then rethrows.
 */
export async function withHoldAudit<T>(
  db: Db,
  actor: Actor,
  attempted: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MemroError && error.details?.holdBlocked)
      await recordHoldBlocked(db, actor, attempted, error);
    throw error;
  }
}

export async function recordHoldBlocked(
  db: Db,
  actor: Actor,
  attempted: string,
  error: MemroError,
): Promise<void> {
  const d = error.details as { holdId: string; namespaceId: string; targetType: string; targetId: string };
  await db.transaction(async (tx) => {
    await appendAudit(tx, {
      namespaceId: d.namespaceId,
      actor,
      action: "hold.blocked",
      targetType: d.targetType,
      targetId: d.targetId,
      reason: `held by legal hold ${d.holdId}`,
      payload: { attempted, holdId: d.holdId },
    });
  });
}
