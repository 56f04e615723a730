import { auditHeads, type Executor, runs } from "@memro/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { forbidden, notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";

export type AgentActor = Extract<Actor, { type: "agent" }>;
export type Run = typeof runs.$inferSelect;

export function requireAgent(actor: Actor, what: string): AgentActor {
  if (actor.type !== "agent") throw forbidden(`only an agent may ${what}`);
  return actor;
}

/**
 * A run the actor may see: an agent only its own (another agent's run is "not found", so it
 * learns nothing); an operator any run at or above `minimum`.
 */
export async function loadRun(
  db: Executor,
  actor: Actor,
  runId: string,
  minimum: "viewer" | "approver" | "admin" = "viewer",
): Promise<Run> {
  if (!z.uuid().safeParse(runId).success) throw notFound("run");
  if (actor.type !== "agent") requireOperator(actor, minimum);
  const conds = [eq(runs.id, runId)];
  if (actor.type === "agent")
    conds.push(eq(runs.namespaceId, actor.namespaceId), eq(runs.agentId, actor.agentId));
  const [run] = await db
    .select()
    .from(runs)
    .where(and(...conds));
  if (!run) throw notFound("run");
  return run;
}

/**
 * Takes the namespace's audit head lock, as `appendAudit` would, and returns the head seq.
 * Lock order everywhere: memory/graph rows a write changes → the chain head → the run row.
 * It is the order of the memory and graph write paths (row, then their audit event) and of
 * the delete path calling `checkDeleteBudget`, so run mutations never deadlock with them;
 * holding the head also serialises run changes with every audited write of the namespace.
 */
export async function lockChain(tx: Executor, namespaceId: string): Promise<number> {
  const [head] = await tx
    .select({ seq: auditHeads.seq })
    .from(auditHeads)
    .where(eq(auditHeads.namespaceId, namespaceId))
    .for("update");
  return head?.seq ?? 0;
}
