import type { Executor } from "@memro/db";
import type { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { authorizeWrite, requireOperator } from "../policy/policy.js";
import { createPromotion } from "../promotions/create.js";
import { assertRunOpen } from "../runs/access.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";

/** Who a graph write acts for. On approval of a gated write the operator is audited, the proposer is the viewer. */
export interface GraphWriteScope {
  /** Recorded as the actor of every audit event. */
  actor: Actor;
  /** Whose visibility and ownership rules resolve names and permit changes. */
  viewer: Actor;
  namespaceId: string;
  /** Author of new rows: the agent, or the proposing agent on approval; null for operators. */
  authorAgentId: string | null;
  runId: string | null;
  reason: string | null;
}

export type GraphWriteResult<R> = ({ status: "applied" } & R) | { status: "pending"; promotionId: string };

type WriteMeta = { runId?: string | undefined; reason?: string | undefined };

/** One graph mutation: its name in proposals, the policy action it is checked as, and how it applies. */
export interface GraphOp<S extends z.ZodType<WriteMeta>, R extends object> {
  name: string;
  action: string;
  schema: S;
  targetOf?(input: z.output<S>): string | undefined;
  /** Runs inside the caller's transaction and appends one audit event per changed row. */
  apply(tx: Executor, scope: GraphWriteScope, input: z.output<S>): Promise<R>;
}

/** Thrown to roll back a validation-only run of an operation. */
class DryRunDone extends Error {}

/**
 * The write path of every graph mutation: validate, check policy (deny → 403 and a
 * `write_denied` event; gated → a pending promotion), then apply in one transaction.
 */
export async function runGraphWrite<S extends z.ZodType<WriteMeta>, R extends object>(
  ctx: CoreContext,
  actor: Actor,
  op: GraphOp<S, R>,
  raw: unknown,
  namespaceId?: string,
): Promise<GraphWriteResult<R>> {
  const input = parseInput(op.schema, raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const runId = input.runId ?? null;
  const scope: GraphWriteScope = {
    actor,
    viewer: actor,
    namespaceId: ns,
    authorAgentId: actor.type === "agent" ? actor.agentId : null,
    runId,
    reason: input.reason ?? null,
  };
  if (actor.type === "agent") {
    if (runId) await assertRunOpen(db, actor.agentId, ns, runId);
    const mode = await authorizeWrite(db, actor, "graph", {
      action: op.action,
      targetId: op.targetOf?.(input),
      runId,
    });
    if (mode === "gated") {
      // Apply once in a transaction that is rolled back, so a proposal that could never
      // apply (unknown entity, someone else's row) fails now, not at approval.
      await db
        .transaction(async (tx) => {
          await op.apply(tx, scope, input);
          throw new DryRunDone();
        })
        .catch((error: unknown) => {
          if (!(error instanceof DryRunDone)) throw error;
        });
      const promotion = await db.transaction((tx) =>
        createPromotion(tx, actor, {
          namespaceId: ns,
          kind: "gated_write",
          targetTier: "graph",
          proposed: { op: "graph", graphOp: op.name, action: op.action, input },
          runId,
          reason: input.reason,
        }),
      );
      return { status: "pending", promotionId: promotion.id };
    }
  } else {
    requireOperator(actor, "approver");
  }
  const result = await db.transaction((tx) => op.apply(tx, scope, input));
  return { status: "applied", ...result };
}

/** One audit event for one changed graph row, with before/after snapshots for rollback. */
export async function auditGraph(
  tx: Executor,
  scope: GraphWriteScope,
  event: {
    action: string;
    targetType: "entity" | "relation";
    targetId: string;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    reason?: string | null;
    extra?: Record<string, unknown>;
  },
) {
  await appendAudit(tx, {
    namespaceId: scope.namespaceId,
    actor: scope.actor,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    runId: scope.runId,
    reason: event.reason ?? scope.reason,
    payload: { before: event.before ?? null, after: event.after ?? null, ...event.extra },
  });
}
