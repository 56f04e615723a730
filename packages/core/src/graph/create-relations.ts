import { type Executor, memories, relations } from "@memro/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { memoryVisibility } from "../memory/visibility.js";
import { named } from "./relation-query.js";
import { resolveEntities } from "./resolve.js";
import { createRelationsInput } from "./schemas.js";
import { type GraphRelation, snapshotOf } from "./types.js";
import { graphVisibility } from "./visibility.js";
import { auditGraph, type GraphOp, type GraphWriteScope, runGraphWrite } from "./write-runner.js";

export interface CreatedRelation {
  relation: GraphRelation;
  /** false when the same open-ended edge (from, to, type) already existed and was reused. */
  created: boolean;
}

/**
 * Typed edges between entities the actor can see (by id or name). An edge without explicit
 * validity that already holds (same endpoints and type, no validTo) is reused, not repeated.
 */
export const createRelationsOp: GraphOp<typeof createRelationsInput, { relations: CreatedRelation[] }> = {
  name: "createRelations",
  action: "relation.create",
  schema: createRelationsInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const refs = input.relations.flatMap((r) => [r.from, r.to]);
    // Shared locks: an endpoint cannot be deleted while its new edge is being written.
    const found = await resolveEntities(tx, vis, scope.viewer, refs, { lock: "share" });
    const out: CreatedRelation[] = [];
    for (const r of input.relations) {
      const from = found.get(r.from);
      const to = found.get(r.to);
      if (!from) throw notFound(`entity ${r.from}`);
      if (!to) throw notFound(`entity ${r.to}`);
      if (r.evidenceMemoryId) await assertVisibleMemory(tx, scope, r.evidenceMemoryId);
      if (!r.validFrom && !r.validTo) {
        const [same] = await tx
          .select()
          .from(relations)
          .where(
            and(
              vis.relation,
              eq(relations.status, "active"),
              eq(relations.fromId, from.id),
              eq(relations.toId, to.id),
              eq(relations.type, r.type),
              isNull(relations.validTo),
            ),
          )
          .limit(1);
        if (same) {
          out.push({ relation: named(same, from, to), created: false });
          continue;
        }
      }
      const now = new Date();
      const [row] = await tx
        .insert(relations)
        .values({
          namespaceId: scope.namespaceId,
          fromId: from.id,
          toId: to.id,
          type: r.type,
          validFrom: r.validFrom ?? now,
          validTo: r.validTo ?? null,
          evidenceMemoryId: r.evidenceMemoryId ?? null,
          authorAgentId: scope.authorAgentId,
          runId: scope.runId,
          visibility: r.visibility,
          createdAt: now,
        })
        .returning();
      await auditGraph(tx, scope, {
        action: "relation.create",
        targetType: "relation",
        targetId: row!.id,
        after: snapshotOf(row!),
      });
      out.push({ relation: named(row!, from, to), created: true });
    }
    return { relations: out };
  },
};

/** The evidence must be a memory the viewer may read, so an edge cannot cite what its author cannot see. */
async function assertVisibleMemory(tx: Executor, scope: GraphWriteScope, id: string) {
  const visible = await memoryVisibility(tx, scope.viewer, scope.namespaceId);
  const [row] = await tx
    .select({ id: memories.id })
    .from(memories)
    .where(and(visible, eq(memories.id, id)));
  if (!row) throw notFound("evidence memory");
}

export function createRelations(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, createRelationsOp, raw, namespaceId);
}
