import { type Executor, entities, relations } from "@memro/db";
import { and, eq, or } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { forbidden } from "../errors.js";
import { softDeleteRelation } from "./relation-lifecycle.js";
import { resolveEntities } from "./resolve.js";
import { deleteEntitiesInput } from "./schemas.js";
import { type Entity, type Relation, snapshotOf } from "./types.js";
import { graphVisibility, mayChange } from "./visibility.js";
import { auditGraph, type GraphOp, type GraphWriteScope, runGraphWrite } from "./write-runner.js";

export interface DeletedEntities {
  deleted: Entity[];
  /** Relations soft-deleted with their entities (any author: an edge to a deleted node means nothing). */
  deletedRelations: Relation[];
  /** References that matched no visible active entity. */
  notFound: string[];
}

export const deleteEntitiesOp: GraphOp<typeof deleteEntitiesInput, DeletedEntities> = {
  name: "deleteEntities",
  action: "entity.delete",
  schema: deleteEntitiesInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const found = await resolveEntities(tx, vis, scope.viewer, input.entities, { lock: "update" });
    const out: DeletedEntities = { deleted: [], deletedRelations: [], notFound: [] };
    const done = new Set<string>();
    for (const ref of input.entities) {
      const before = found.get(ref);
      if (!before) {
        out.notFound.push(ref);
        continue;
      }
      if (done.has(before.id)) continue;
      done.add(before.id);
      if (!mayChange(scope.viewer, before)) throw forbidden("agents may delete only the entities they wrote");
      const [after] = await tx
        .update(entities)
        .set({ status: "deleted", updatedAt: new Date() })
        .where(eq(entities.id, before.id))
        .returning();
      await auditGraph(tx, scope, {
        action: "entity.delete",
        targetType: "entity",
        targetId: before.id,
        before: snapshotOf(before),
        after: snapshotOf(after!),
      });
      out.deleted.push(after!);
      out.deletedRelations.push(...(await deleteRelationsOf(tx, scope, before.id)));
    }
    return out;
  },
};

async function deleteRelationsOf(
  tx: Executor,
  scope: GraphWriteScope,
  entityId: string,
): Promise<Relation[]> {
  const touching = await tx
    .select()
    .from(relations)
    .where(
      and(
        eq(relations.namespaceId, scope.namespaceId),
        eq(relations.status, "active"),
        or(eq(relations.fromId, entityId), eq(relations.toId, entityId)),
      ),
    )
    .for("update");
  const out: Relation[] = [];
  for (const before of touching)
    out.push(await softDeleteRelation(tx, scope, before, `entity ${entityId} deleted`));
  return out;
}

/** Soft-deletes entities (status 'deleted') and every active relation touching them, each audited. */
export function deleteEntities(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, deleteEntitiesOp, raw, namespaceId);
}
