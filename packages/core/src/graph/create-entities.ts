import { type Executor, entities } from "@memro/db";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { nameKey, resolveEntities } from "./resolve.js";
import { createEntitiesInput } from "./schemas.js";
import { type Entity, snapshotOf } from "./types.js";
import { graphVisibility } from "./visibility.js";
import { auditGraph, type GraphOp, type GraphWriteScope, runGraphWrite } from "./write-runner.js";

export interface CreatedEntity {
  entity: Entity;
  /** false when an active entity of the same name, visible to the actor, was reused. */
  created: boolean;
}

export const createEntitiesOp: GraphOp<typeof createEntitiesInput, { entities: CreatedEntity[] }> = {
  name: "createEntities",
  action: "entity.create",
  schema: createEntitiesInput,
  async apply(tx, scope, input) {
    // Serialise creators of the same names in this namespace, so two concurrent batches
    // cannot both miss the other's entity and create a duplicate. Sorted: no deadlocks.
    const keys = [...new Set(input.entities.map((e) => nameKey(e.name)))].sort();
    for (const key of keys) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`graph:${scope.namespaceId}:${key}`}))`);
    }
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const existing = await resolveEntities(tx, vis, scope.viewer, keys, { lock: "update", namesOnly: true });
    const current = new Map<string, Entity>(existing);
    const out: CreatedEntity[] = [];
    for (const e of input.entities) {
      const key = nameKey(e.name);
      const found = current.get(key);
      if (found) {
        const updated = await mergeObservations(tx, scope, found, e.observations);
        current.set(key, updated);
        out.push({ entity: updated, created: false });
        continue;
      }
      const now = new Date();
      const [row] = await tx
        .insert(entities)
        .values({
          namespaceId: scope.namespaceId,
          name: e.name,
          type: e.type,
          aliases: unique(e.aliases),
          summary: e.summary,
          observations: unique(e.observations),
          subject: e.subject ?? null,
          authorAgentId: scope.authorAgentId,
          runId: scope.runId,
          visibility: e.visibility,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await auditGraph(tx, scope, {
        action: "entity.create",
        targetType: "entity",
        targetId: row!.id,
        after: snapshotOf(row!),
      });
      current.set(key, row!);
      out.push({ entity: row!, created: true });
    }
    return { entities: out };
  },
};

/** Observations given for a reused entity are added to it (audited as `entity.observe`), never lost. */
async function mergeObservations(tx: Executor, scope: GraphWriteScope, entity: Entity, given: string[]) {
  const added = unique(given).filter((o) => !entity.observations.includes(o));
  if (added.length === 0) return entity;
  const [after] = await tx
    .update(entities)
    .set({ observations: [...entity.observations, ...added], updatedAt: new Date() })
    .where(eq(entities.id, entity.id))
    .returning();
  await auditGraph(tx, scope, {
    action: "entity.observe",
    targetType: "entity",
    targetId: entity.id,
    before: snapshotOf(entity),
    after: snapshotOf(after!),
    extra: { added },
  });
  return after!;
}

export const unique = (values: string[]) => [...new Set(values)];

/**
 * Creates entities in one batch. An active entity of the same name (case-insensitive) that
 * the actor can see is reused rather than duplicated; its new observations are added.
 */
export function createEntities(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, createEntitiesOp, raw, namespaceId);
}
