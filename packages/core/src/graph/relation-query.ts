import { type Executor, entities, relations } from "@memro/db";
import { asc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Entity, GraphRelation, Relation } from "./types.js";

const fromEntity = alias(entities, "from_entity");
const toEntity = alias(entities, "to_entity");

/** Relations matching `where`, oldest first, each with its endpoints' names. */
export async function selectRelations(
  db: Executor,
  where: SQL | undefined,
  limit?: number,
): Promise<GraphRelation[]> {
  const query = db
    .select({ relation: relations, fromName: fromEntity.name, toName: toEntity.name })
    .from(relations)
    .innerJoin(fromEntity, eq(fromEntity.id, relations.fromId))
    .innerJoin(toEntity, eq(toEntity.id, relations.toId))
    .where(where)
    .orderBy(asc(relations.createdAt), asc(relations.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((r) => ({ ...r.relation, fromName: r.fromName, toName: r.toName }));
}

export const named = (r: Relation, from: Entity, to: Entity): GraphRelation => ({
  ...r,
  fromName: from.name,
  toName: to.name,
});
