import { checkpoints, type Executor, runs } from "@memro/db";
import { and, desc, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import type { Checkpoint } from "./checkpoint-raise.js";
import { listCheckpointsInput } from "./schemas.js";

/** A checkpoint the actor may see: an agent only those of its own runs; operators any. */
export async function loadCheckpoint(db: Executor, actor: Actor, id: string): Promise<Checkpoint> {
  if (!z.uuid().safeParse(id).success) throw notFound("checkpoint");
  if (actor.type !== "agent") requireOperator(actor, "viewer");
  const conds = [eq(checkpoints.id, id)];
  if (actor.type === "agent")
    conds.push(eq(runs.namespaceId, actor.namespaceId), eq(runs.agentId, actor.agentId));
  const [row] = await db
    .select(getTableColumns(checkpoints))
    .from(checkpoints)
    .innerJoin(runs, eq(runs.id, checkpoints.runId))
    .where(and(...conds));
  if (!row) throw notFound("checkpoint");
  return row;
}

/** For polling; `waitForCheckpoint` is the way to block on one. */
export async function getCheckpoint(ctx: CoreContext, actor: Actor, id: string): Promise<Checkpoint> {
  return loadCheckpoint(ctx.memro.db, actor, id);
}

/** Newest first; operators see the namespace's (the approvals queue), an agent those of its runs. */
export async function listCheckpoints(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<Checkpoint[]> {
  const input = parseInput(listCheckpointsInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  if (actor.type !== "agent") requireOperator(actor, "viewer");
  const conds = [eq(checkpoints.namespaceId, ns)];
  if (actor.type === "agent") conds.push(eq(runs.agentId, actor.agentId));
  if (input.status) conds.push(eq(checkpoints.status, input.status));
  if (input.runId) conds.push(eq(checkpoints.runId, input.runId));
  return ctx.memro.db
    .select(getTableColumns(checkpoints))
    .from(checkpoints)
    .innerJoin(runs, eq(runs.id, checkpoints.runId))
    .where(and(...conds))
    .orderBy(desc(checkpoints.raisedSeq))
    .limit(input.limit);
}
