import { type Executor, relations } from "@memro/db";
import { and, eq, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { conflict, forbidden, notFound } from "../errors.js";
import { resolveEntities } from "./resolve.js";
import { deleteRelationsInput, invalidateRelationInput, type relationSelector } from "./schemas.js";
import { type Entity, type Relation, snapshotOf } from "./types.js";
import { type GraphScope, graphVisibility, mayChange } from "./visibility.js";
import { auditGraph, type GraphOp, type GraphWriteScope, runGraphWrite } from "./write-runner.js";

async function lockRelation(tx: Executor, vis: GraphScope, id: string): Promise<Relation> {
  const [row] = await tx
    .select()
    .from(relations)
    .where(and(vis.relation, eq(relations.id, id), eq(relations.status, "active")))
    .for("update");
  if (!row) throw notFound("relation");
  return row;
}

/** The edge stops being true now (validTo = now); it stays in history and in traversals of earlier instants. */
export const invalidateRelationOp: GraphOp<typeof invalidateRelationInput, { relation: Relation }> = {
  name: "invalidateRelation",
  action: "relation.invalidate",
  schema: invalidateRelationInput,
  targetOf: (input) => input.id,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const before = await lockRelation(tx, vis, input.id);
    if (!mayChange(scope.viewer, before)) throw forbidden("agents may change only the relations they wrote");
    const now = new Date();
    if (before.validTo && before.validTo <= now) throw conflict("relation is already no longer valid");
    if (before.validFrom > now) throw conflict("relation is not valid yet; delete it instead");
    const [after] = await tx
      .update(relations)
      .set({ validTo: now })
      .where(eq(relations.id, before.id))
      .returning();
    await auditGraph(tx, scope, {
      action: "relation.invalidate",
      targetType: "relation",
      targetId: before.id,
      before: snapshotOf(before),
      after: snapshotOf(after!),
    });
    return { relation: after! };
  },
};

/** The SQL condition of one selector; undefined when an endpoint name resolves to nothing. */
function selectorCondition(
  selector: z.output<typeof relationSelector>,
  ends: Map<string, Entity>,
): SQL | undefined {
  if ("id" in selector) return eq(relations.id, selector.id);
  const from = ends.get(selector.from);
  const to = ends.get(selector.to);
  if (!from || !to) return undefined;
  return and(eq(relations.fromId, from.id), eq(relations.toId, to.id), eq(relations.type, selector.type));
}

export interface DeletedRelations {
  deleted: Relation[];
  /** Selectors that matched no visible active relation. */
  notFound: number;
}

export const deleteRelationsOp: GraphOp<typeof deleteRelationsInput, DeletedRelations> = {
  name: "deleteRelations",
  action: "relation.delete",
  schema: deleteRelationsInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const refs = input.relations.flatMap((s) => ("id" in s ? [] : [s.from, s.to]));
    const ends = await resolveEntities(tx, vis, scope.viewer, refs);
    const out: DeletedRelations = { deleted: [], notFound: 0 };
    for (const selector of input.relations) {
      const match = selectorCondition(selector, ends);
      const rows = match
        ? await tx
            .select()
            .from(relations)
            .where(and(vis.relation, eq(relations.status, "active"), match))
            .for("update")
        : [];
      if (rows.length === 0) out.notFound++;
      for (const before of rows) {
        if (!mayChange(scope.viewer, before))
          throw forbidden("agents may delete only the relations they wrote");
        out.deleted.push(await softDeleteRelation(tx, scope, before));
      }
    }
    return out;
  },
};

/** Sets validTo = now on one relation (author or operator only); audited as `relation.invalidate`. */
export function invalidateRelation(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, invalidateRelationOp, raw, namespaceId);
}

/** Soft-deletes relations chosen by id or by (from, to, type); each one audited. */
export function deleteRelations(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, deleteRelationsOp, raw, namespaceId);
}

/** Marks one relation deleted (soft) with its audited before/after; every graph delete path uses it. */
export async function softDeleteRelation(
  tx: Executor,
  scope: GraphWriteScope,
  before: typeof relations.$inferSelect,
  reason?: string,
): Promise<Relation> {
  const [after] = await tx
    .update(relations)
    .set({ status: "deleted" })
    .where(eq(relations.id, before.id))
    .returning();
  await auditGraph(tx, scope, {
    action: "relation.delete",
    targetType: "relation",
    targetId: before.id,
    before: snapshotOf(before),
    after: snapshotOf(after!),
    ...(reason ? { reason } : {}),
  });
  return after!;
}
