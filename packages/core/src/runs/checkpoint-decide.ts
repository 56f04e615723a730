import { checkpoints, memories, runs } from "@memro/db";
import { and, count, eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, forbidden } from "../errors.js";
import { contentHash } from "../memory/dedup.js";
import { type Memory, publicMemory, snapshot } from "../memory/snapshot.js";
import { storeVector } from "../memory/vector-index.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import type { Run } from "./access.js";
import { checkpointEvents } from "./audit-feed.js";
import type { Checkpoint } from "./checkpoint-raise.js";
import { loadCheckpoint } from "./checkpoint-read.js";
import { decideCheckpointInput } from "./schemas.js";

export interface CheckpointDecision {
  checkpoint: Checkpoint;
  run: Run;
  /** The episodic memory that tells the agent, private to it. */
  memory: Memory;
}

/**
 * An approver decides a pending checkpoint. In one transaction: the checkpoint, its
 * `checkpoint.approve|reject` event, the run back to `running` (once none of its
 * checkpoints is pending), and an episodic memory for the run's agent saying what was
 * decided (author = the agent, private, runId set; audited `memory.create` with
 * `checkpointDecision` in the payload, so a rollback of the run leaves this record alone).
 *
 * A rejection does not fail the run: the agent learns it from `waitForCheckpoint` and the
 * memory and chooses what to do (another path, or `finishRun` as failed). Whatever it did
 * before the checkpoint stays until someone rolls the run back.
 *
 * The memory is written for the agent whatever its episodic write policy says: it is the
 * operator's record of a decision, not an agent write.
 */
export async function decideCheckpoint(
  ctx: CoreContext,
  actor: Actor,
  checkpointId: string,
  raw: unknown,
): Promise<CheckpointDecision> {
  requireOperator(actor, "approver");
  if (actor.type !== "operator") throw forbidden("only operators decide checkpoints");
  const input = parseInput(decideCheckpointInput, raw);
  const db = ctx.memro.db;
  const pending = await loadCheckpoint(db, actor, checkpointId);
  if (pending.status !== "pending") throw conflict(`checkpoint is already ${pending.status}`);
  const status = input.decision === "approve" ? "approved" : "rejected";
  const content = `Checkpoint '${pending.label}' ${status} by operator${input.note ? `: ${input.note}` : ""}`;
  // Embedding is slow; never inside the transaction that holds the namespace's chain.
  const [vector] = await ctx.embeddings.embed([content]);
  const decision = await db.transaction(async (tx) => {
    await lockChainHead(tx, pending.namespaceId);
    const now = new Date();
    const [cp] = await tx
      .update(checkpoints)
      .set({ status, decidedBy: actor.operatorId, decidedAt: now, note: input.note || null })
      .where(and(eq(checkpoints.id, pending.id), eq(checkpoints.status, "pending")))
      .returning();
    if (!cp) throw conflict("checkpoint was decided meanwhile");
    const [before] = await tx.select().from(runs).where(eq(runs.id, cp.runId)).for("update");
    const [open] = await tx
      .select({ n: count() })
      .from(checkpoints)
      .where(and(eq(checkpoints.runId, cp.runId), eq(checkpoints.status, "pending")));
    let run = before!;
    if (run.status === "waiting" && (open?.n ?? 0) === 0) {
      [run] = (await tx.update(runs).set({ status: "running" }).where(eq(runs.id, run.id)).returning()) as [
        Run,
      ];
    }
    await appendAudit(tx, {
      namespaceId: cp.namespaceId,
      actor,
      action: `checkpoint.${input.decision}`,
      targetType: "checkpoint",
      targetId: cp.id,
      runId: cp.runId,
      reason: input.note || null,
      payload: {
        before: pending,
        after: cp,
        run: { before: { status: before!.status }, after: { status: run.status } },
      },
    });
    const [row] = await tx
      .insert(memories)
      .values({
        namespaceId: cp.namespaceId,
        tier: "episodic",
        content,
        data: { speaker: "operator", episode: `run:${run.id}`, sourceId: cp.id },
        metadata: { checkpointId: cp.id, decision: status, label: cp.label },
        tags: ["checkpoint"],
        subject: run.subject,
        authorAgentId: run.agentId,
        runId: run.id,
        visibility: "private",
        importance: 0.6,
        contentHash: contentHash("episodic", content),
        validFrom: now,
        recordedAt: now,
      })
      .returning();
    await storeVector(tx, ctx.vectors, row!.id, vector!, ctx.embeddings.modelId);
    await appendAudit(tx, {
      namespaceId: cp.namespaceId,
      actor,
      action: "memory.create",
      targetType: "memory",
      targetId: row!.id,
      runId: run.id,
      reason: `decision on checkpoint ${cp.id}`,
      payload: { after: snapshot(row!), checkpointDecision: cp.id },
    });
    return { checkpoint: cp, run, memory: publicMemory(row!) };
  });
  // Waiters in this process wake at once; other instances hear it through NOTIFY.
  checkpointEvents(ctx.memro).emit(decision.checkpoint.id, decision.checkpoint);
  return decision;
}
