import { entities } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { forbidden } from "../errors.js";
import { unique } from "./create-entities.js";
import { resolveEntities, resolveEntity } from "./resolve.js";
import { addObservationsInput, deleteObservationsInput } from "./schemas.js";
import { snapshotOf } from "./types.js";
import { graphVisibility, mayChange } from "./visibility.js";
import { auditGraph, type GraphOp, runGraphWrite } from "./write-runner.js";

export interface ObservationsAdded {
  /** The reference as given (id or name). */
  entity: string;
  entityId: string;
  added: string[];
}

/**
 * Adding observations is additive, so an agent may add them to any entity it can see,
 * including another agent's shared one (as the reference memory server allows).
 */
export const addObservationsOp: GraphOp<typeof addObservationsInput, { results: ObservationsAdded[] }> = {
  name: "addObservations",
  action: "entity.observe",
  schema: addObservationsInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const results: ObservationsAdded[] = [];
    for (const item of input.observations) {
      // Re-read per item: the same entity may appear twice in one batch.
      const before = await resolveEntity(tx, vis, scope.viewer, item.entity, "update");
      const added = unique(item.contents).filter((o) => !before.observations.includes(o));
      results.push({ entity: item.entity, entityId: before.id, added });
      if (added.length === 0) continue;
      const [after] = await tx
        .update(entities)
        .set({ observations: [...before.observations, ...added], updatedAt: new Date() })
        .where(eq(entities.id, before.id))
        .returning();
      await auditGraph(tx, scope, {
        action: "entity.observe",
        targetType: "entity",
        targetId: before.id,
        before: snapshotOf(before),
        after: snapshotOf(after!),
        extra: { added },
      });
    }
    return { results };
  },
};

export interface ObservationsRemoved {
  entity: string;
  entityId: string;
  removed: string[];
}

/** Removing observations edits the entity: author or operator only. Audited as `entity.update`. */
export const deleteObservationsOp: GraphOp<
  typeof deleteObservationsInput,
  { results: ObservationsRemoved[]; missingEntities: string[] }
> = {
  name: "deleteObservations",
  action: "entity.update",
  schema: deleteObservationsInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const results: ObservationsRemoved[] = [];
    const missingEntities: string[] = [];
    for (const item of input.deletions) {
      const before = (await resolveEntities(tx, vis, scope.viewer, [item.entity], { lock: "update" })).get(
        item.entity,
      );
      if (!before) {
        missingEntities.push(item.entity);
        continue;
      }
      if (!mayChange(scope.viewer, before)) throw forbidden("agents may change only the entities they wrote");
      const drop = new Set(item.observations);
      const removed = before.observations.filter((o) => drop.has(o));
      results.push({ entity: item.entity, entityId: before.id, removed });
      if (removed.length === 0) continue;
      const [after] = await tx
        .update(entities)
        .set({ observations: before.observations.filter((o) => !drop.has(o)), updatedAt: new Date() })
        .where(eq(entities.id, before.id))
        .returning();
      await auditGraph(tx, scope, {
        action: "entity.update",
        targetType: "entity",
        targetId: before.id,
        before: snapshotOf(before),
        after: snapshotOf(after!),
        extra: { removedObservations: removed },
      });
    }
    return { results, missingEntities };
  },
};

/** Adds observations to existing entities; an unknown entity fails the whole batch (not found). */
export function addObservations(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, addObservationsOp, raw, namespaceId);
}

/** Removes observations; unknown entities are reported in `missingEntities`, not thrown. */
export function deleteObservations(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, deleteObservationsOp, raw, namespaceId);
}
