import { entities } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { conflict, forbidden } from "../errors.js";
import { unique } from "./create-entities.js";
import { resolveEntity } from "./resolve.js";
import { updateEntityInput } from "./schemas.js";
import { type Entity, snapshotOf } from "./types.js";
import { graphVisibility, mayChange } from "./visibility.js";
import { auditGraph, type GraphOp, runGraphWrite } from "./write-runner.js";

export const updateEntityOp: GraphOp<typeof updateEntityInput, { entity: Entity }> = {
  name: "updateEntity",
  action: "entity.update",
  schema: updateEntityInput,
  async apply(tx, scope, input) {
    const vis = await graphVisibility(tx, scope.viewer, scope.namespaceId);
    const before = await resolveEntity(tx, vis, scope.viewer, input.entity, "update");
    if (!mayChange(scope.viewer, before)) throw forbidden("agents may change only the entities they wrote");
    const aliases = input.aliases ? unique(input.aliases) : before.aliases;
    const type = input.type ?? before.type;
    const summary = input.summary ?? before.summary;
    const same =
      type === before.type &&
      summary === before.summary &&
      aliases.join("\u0000") === before.aliases.join("\u0000");
    if (same) return { entity: before };
    const [after] = await tx
      .update(entities)
      .set({ type, summary, aliases, updatedAt: new Date() })
      .where(eq(entities.id, before.id))
      .returning();
    if (!after) throw conflict("entity changed meanwhile");
    await auditGraph(tx, scope, {
      action: "entity.update",
      targetType: "entity",
      targetId: before.id,
      before: snapshotOf(before),
      after: snapshotOf(after),
    });
    return { entity: after };
  },
};

/** Changes an entity's type, summary or aliases (author or operator only); an unchanged entity is not audited. */
export function updateEntity(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  return runGraphWrite(ctx, actor, updateEntityOp, raw, namespaceId);
}
