import { type Executor, runs } from "@memro/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { conflict, forbidden, notFound } from "../errors.js";
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

/** Statuses in which a run still takes effects (steps, writes, checkpoints). */
export const OPEN_RUN: readonly Run["status"][] = ["running", "waiting"];

/**
 * For a write filed under `runId`: the run must be the agent's own in the namespace (else
 * "not found", as `loadRun`) and still open (else CONFLICT "run is <status>"). A plain read,
 * no lock, on purpose: call it before the write's transaction (as `assertOwnRun` is called),
 * since locking the run row before the chain head would invert the lock order below. A run
 * closing between this check and the write's commit is not caught.
 */
export async function assertRunOpen(
  db: Executor,
  agentId: string,
  namespaceId: string,
  runId: string,
): Promise<void> {
  if (!z.uuid().safeParse(runId).success) throw notFound("run");
  const [run] = await db
    .select({ status: runs.status })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.namespaceId, namespaceId), eq(runs.agentId, agentId)));
  if (!run) throw notFound("run");
  if (!OPEN_RUN.includes(run.status)) throw conflict(`run is ${run.status}`, { status: run.status });
}
