import { runs } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import { withHoldAudit } from "../compliance/holds.js";
import type { CoreContext } from "../context.js";
import { conflict, forbidden } from "../errors.js";
import { parseInput } from "../validation.js";
import { loadRun, type Run } from "./access.js";
import { applyEffect } from "./rollback-apply.js";
import {
  type Conflict,
  type Effect,
  planRollback,
  type RollbackPlan,
  type Skipped,
} from "./rollback-plan.js";
import { lockTargets } from "./rollback-targets.js";
import { previewRollbackInput, rollbackInput } from "./schemas.js";

export interface RollbackPreview {
  runId: string;
  status: Run["status"];
  afterCheckpointId: string | null;
  afterSeq: number;
  /** Newest first, the order they would be undone in. */
  effects: Pick<Effect, "seq" | "action" | "targetType" | "targetId" | "revertTo">[];
  conflicts: Conflict[];
  skipped: Skipped[];
  alreadyReverted: number;
  /** Nothing left to undo and the run is already rolled back. */
  alreadyRolledBack: boolean;
}

export interface RollbackResult extends RollbackPreview {
  /** Events written: one per undone effect, plus `run.rollback`; 0 when already rolled back. */
  events: number;
  forced: boolean;
}

function summarize(plan: RollbackPlan): RollbackPreview {
  return {
    runId: plan.run.id,
    status: plan.run.status,
    afterCheckpointId: plan.afterCheckpointId,
    afterSeq: plan.afterSeq,
    effects: plan.effects.map(({ seq, action, targetType, targetId, revertTo }) => ({
      seq,
      action,
      targetType,
      targetId,
      revertTo,
    })),
    conflicts: plan.conflicts,
    skipped: plan.skipped,
    alreadyReverted: plan.alreadyReverted,
    alreadyRolledBack: plan.effects.length === 0 && plan.run.status === "rolled_back",
  };
}

/** Dry run: every effect the rollback would undo and every conflict; writes nothing. */
export async function previewRollback(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  raw: unknown = {},
): Promise<RollbackPreview> {
  const input = parseInput(previewRollbackInput, raw ?? {});
  const run = await loadRun(ctx.memro.db, actor, runId, "viewer");
  return summarize(await planRollback(ctx.memro.db, run, input.afterCheckpointId));
}

/**
 * Undoes the run's memory effects (all, or those after a checkpoint), newest first, each
 * as a new audited event with the run's id and reason "rollback of run X" — history is
 * never erased — then marks the run `rolled_back` (`run.rollback`), all in one transaction.
 *
 * Who: an approver or admin, or the run's own agent. A target changed after the run's
 * effect by anyone else is a conflict: without `force` the rollback refuses (CONFLICT,
 * listing them); `force` (operators only — an agent may not override others' work)
 * undoes the run's effect over the later change.
 *
 * Idempotent: effects already undone are skipped (reverts carry `revertOf`), so rolling back
 * a rolled-back run writes nothing and returns `alreadyRolledBack: true`. A rollback after a
 * checkpoint also ends the run (`rolled_back`); a later full rollback undoes the rest.
 *
 * Compliance: an effect whose audit payload was erased, or whose memory was erased, is
 * skipped (nothing erased comes back); a revert that would take a memory under a legal hold
 * out of the live tiers refuses the rollback with CONFLICT, audited as `hold.blocked`.
 */
export async function rollbackRun(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  raw: unknown,
): Promise<RollbackResult> {
  const input = parseInput(rollbackInput, raw);
  if (input.force && actor.type === "agent")
    throw forbidden("only an operator may force a rollback over others' changes");
  const db = ctx.memro.db;
  const loaded = await loadRun(db, actor, runId, "approver");
  // Plan once outside the transaction to embed restored contents there, not under the lock.
  const draft = await planRollback(db, loaded, input.afterCheckpointId);
  const vectors = new Map<string, Float32Array>();
  const texts = [
    ...new Set(
      draft.effects.map((e) => e.revertTo.content).filter((c): c is string => typeof c === "string"),
    ),
  ];
  if (texts.length) {
    const embedded = await ctx.embeddings.embed(texts);
    for (const [i, t] of texts.entries()) vectors.set(t, embedded[i]!);
  }
  // A revert that would remove a memory under a legal hold refuses the whole rollback
  // (CONFLICT), audited as `hold.blocked` once the transaction has rolled back.
  return withHoldAudit(db, actor, "run.rollback", () =>
    db.transaction(async (tx) => {
      await lockTargets(tx, draft.effects);
      await lockChainHead(tx, loaded.namespaceId);
      const [run] = await tx.select().from(runs).where(eq(runs.id, loaded.id)).for("update");
      const plan = await planRollback(tx, run!, input.afterCheckpointId);
      const preview = summarize(plan);
      if (preview.alreadyRolledBack) return { ...preview, events: 0, forced: false };
      if (plan.conflicts.length && !input.force) {
        throw conflict(
          `${plan.conflicts.length} of the run's effects were changed later by others; preview, then force`,
          {
            conflicts: plan.conflicts,
          },
        );
      }
      for (const eff of plan.effects) await applyEffect({ ctx, tx, actor, run: run!, vectors }, eff);
      const [after] = await tx
        .update(runs)
        .set({ status: "rolled_back", finishedAt: run!.finishedAt ?? new Date() })
        .where(eq(runs.id, run!.id))
        .returning();
      await appendAudit(tx, {
        namespaceId: run!.namespaceId,
        actor,
        action: "run.rollback",
        targetType: "run",
        targetId: run!.id,
        runId: run!.id,
        reason: input.reason,
        payload: {
          before: run!,
          after: after!,
          afterCheckpointId: plan.afterCheckpointId,
          reverted: plan.effects.map((e) => e.seq),
          forcedOver: input.force ? plan.conflicts : [],
        },
      });
      return {
        ...preview,
        status: after!.status,
        events: plan.effects.length + 1,
        forced: input.force && plan.conflicts.length > 0,
      };
    }),
  );
}
