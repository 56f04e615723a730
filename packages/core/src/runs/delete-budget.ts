import { auditEvents, checkpoints, type Executor, runs } from "@memro/db";
import { and, count, desc, eq, gt } from "drizzle-orm";
import { systemActor } from "../actor.js";
import { type Checkpoint, insertCheckpoint } from "./checkpoint-raise.js";
import { runSettings } from "./run-settings.js";

export const DELETE_BUDGET_LABEL = "delete budget exceeded";

export interface DeleteBudget {
  /** Deletes the run made since its last delete-budget checkpoint (all of them if none). */
  deletes: number;
  limit: number;
  /** The policy checkpoint now holding the run, if any. */
  checkpoint: Checkpoint | null;
  /** True when this call raised it. */
  raised: boolean;
}

/**
 * POLICY HOOK — the delete budget of a run. The memory delete path calls this in its own
 * transaction, right after the `memory.delete` event of a delete made with a `runId`
 * (`applyStatusChange(..., "delete", ...)`), passing the run (`{ id, namespaceId }` is
 * enough). When the run has deleted more than the namespace's
 * `settings.runs.maxDeletesWithoutCheckpoint` memories (default 25) since its last such
 * checkpoint, a checkpoint is raised by policy (`raisedBy: 'policy'`, audited
 * `checkpoint.raise` by the system actor) and the run goes to `waiting`. While that
 * checkpoint is pending no second one is raised; once approved the run gets another full
 * budget. The delete itself is not refused: the caller decides whether a run that
 * `checkpoint !== null` may go on deleting (refusing with CONFLICT until it is decided is
 * the natural choice).
 *
 * Lock order: the caller already holds the namespace's audit head (its delete event), and
 * this locks the run row after it, the order every run mutation uses.
 */
export async function checkDeleteBudget(
  tx: Executor,
  run: { id: string; namespaceId: string },
): Promise<DeleteBudget> {
  const { maxDeletesWithoutCheckpoint: limit } = await runSettings(tx, run.namespaceId);
  const [last] = await tx
    .select()
    .from(checkpoints)
    .where(
      and(
        eq(checkpoints.runId, run.id),
        eq(checkpoints.raisedBy, "policy"),
        eq(checkpoints.label, DELETE_BUDGET_LABEL),
      ),
    )
    .orderBy(desc(checkpoints.raisedSeq))
    .limit(1);
  const [row] = await tx
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.namespaceId, run.namespaceId),
        eq(auditEvents.runId, run.id),
        eq(auditEvents.action, "memory.delete"),
        gt(auditEvents.seq, last?.raisedSeq ?? 0),
      ),
    );
  const deletes = row?.n ?? 0;
  if (last?.status === "pending") return { deletes, limit, checkpoint: last, raised: false };
  if (deletes <= limit) return { deletes, limit, checkpoint: null, raised: false };
  const [current] = await tx.select().from(runs).where(eq(runs.id, run.id)).for("update");
  if (!current || (current.status !== "running" && current.status !== "waiting")) {
    return { deletes, limit, checkpoint: null, raised: false };
  }
  const checkpoint = await insertCheckpoint(
    tx,
    systemActor("policy: runs.maxDeletesWithoutCheckpoint"),
    current,
    {
      label: DELETE_BUDGET_LABEL,
      payload: { deletes, limit, setting: "runs.maxDeletesWithoutCheckpoint" },
      raisedBy: "policy",
    },
  );
  return { deletes, limit, checkpoint, raised: true };
}
