import type { Executor, promotions } from "@memro/db";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { badRequest, conflict, forbidden } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { createEntitiesOp } from "./create-entities.js";
import { createRelationsOp } from "./create-relations.js";
import { deleteEntitiesOp } from "./delete-entities.js";
import { addObservationsOp, deleteObservationsOp } from "./observations.js";
import { deleteRelationsOp, invalidateRelationOp } from "./relation-lifecycle.js";
import { updateEntityOp } from "./update-entity.js";
import type { GraphOp, GraphWriteScope } from "./write-runner.js";

type Promotion = typeof promotions.$inferSelect;

// biome-ignore lint/suspicious/noExplicitAny: a registry of operations with different input types
const GRAPH_OPS: Record<string, GraphOp<any, object>> = Object.fromEntries(
  [
    createEntitiesOp,
    updateEntityOp,
    addObservationsOp,
    deleteObservationsOp,
    deleteEntitiesOp,
    createRelationsOp,
    invalidateRelationOp,
    deleteRelationsOp,
  ].map((op) => [op.name, op]),
);

/**
 * Applies an approved gated graph write (a pending promotion whose proposed is
 * `{ op: "graph", graphOp, action, input }`). The operator is audited as the actor; the
 * proposing agent authors the new rows, and its visibility and ownership rules apply, so
 * approval grants exactly what the agent asked for. Marking the promotion approved is the
 * caller's job (promotions/decide.ts); pass its transaction as `tx` to do both atomically.
 */
export async function applyGraphProposal(
  ctx: CoreContext,
  operatorActor: Actor,
  promotion: Promotion,
  tx?: Executor,
): Promise<Record<string, unknown>> {
  requireOperator(operatorActor, "approver");
  if (operatorActor.type === "agent") throw forbidden("only operators apply proposals");
  if (promotion.status !== "pending") throw conflict(`promotion is already ${promotion.status}`);
  const proposed = promotion.proposed;
  if (promotion.targetTier !== "graph" || proposed.op !== "graph") throw badRequest("not a graph proposal");
  const op = GRAPH_OPS[String(proposed.graphOp)];
  if (!op) throw badRequest(`unknown graph operation ${String(proposed.graphOp)}`);
  const input = parseInput(op.schema, proposed.input);
  const scope: GraphWriteScope = {
    actor: operatorActor,
    viewer: promotion.proposerAgentId
      ? { type: "agent", agentId: promotion.proposerAgentId, namespaceId: promotion.namespaceId }
      : operatorActor,
    namespaceId: promotion.namespaceId,
    authorAgentId: promotion.proposerAgentId,
    runId: promotion.runId,
    reason: (input as { reason?: string }).reason ?? `approved promotion ${promotion.id}`,
  };
  const result = tx
    ? await op.apply(tx, scope, input)
    : await ctx.memro.db.transaction((t) => op.apply(t, scope, input));
  return { graphOp: op.name, ...result };
}

/** True when a promotion carries a graph write, so approval should call applyGraphProposal. */
export const isGraphProposal = (promotion: Promotion): boolean =>
  promotion.targetTier === "graph" && promotion.proposed.op === "graph";
