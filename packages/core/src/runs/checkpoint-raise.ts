import { randomUUID } from "node:crypto";
import { checkpoints, type Executor, runs } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { parseInput } from "../validation.js";
import { loadRun, type Run, requireAgent } from "./access.js";
import { raiseCheckpointInput } from "./schemas.js";
import { lockOpenRun } from "./steps.js";

export type Checkpoint = typeof checkpoints.$inferSelect;

/**
 * Inserts a pending checkpoint and puts the run in `waiting`, in the caller's transaction
 * (which holds the namespace's chain). `raisedSeq` is the seq of its own `checkpoint.raise`
 * event, so "after this checkpoint" means every event with a higher seq.
 */
export async function insertCheckpoint(
  tx: Executor,
  actor: Actor,
  run: Run,
  cp: { label: string; payload: Record<string, unknown>; raisedBy: "agent" | "policy" },
): Promise<Checkpoint> {
  const id = randomUUID();
  const [after] = await tx.update(runs).set({ status: "waiting" }).where(eq(runs.id, run.id)).returning();
  const event = await appendAudit(tx, {
    namespaceId: run.namespaceId,
    actor,
    action: "checkpoint.raise",
    targetType: "checkpoint",
    targetId: id,
    runId: run.id,
    reason: cp.label,
    payload: {
      after: { id, label: cp.label, payload: cp.payload, raisedBy: cp.raisedBy, status: "pending" },
      run: { before: { status: run.status }, after: { status: after!.status } },
    },
  });
  const [row] = await tx
    .insert(checkpoints)
    .values({ id, namespaceId: run.namespaceId, runId: run.id, ...cp, raisedSeq: event.seq })
    .returning();
  return row!;
}

/** The agent stops for an operator: the run waits until the checkpoint is decided. */
export async function raiseCheckpoint(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  raw: unknown,
): Promise<Checkpoint> {
  const agent = requireAgent(actor, "raise a checkpoint");
  const input = parseInput(raiseCheckpointInput, raw);
  const loaded = await loadRun(ctx.memro.db, agent, runId);
  return ctx.memro.db.transaction(async (tx) => {
    await lockChainHead(tx, loaded.namespaceId);
    const run = await lockOpenRun(tx, loaded.id);
    return insertCheckpoint(tx, agent, run, { ...input, raisedBy: "agent" });
  });
}
