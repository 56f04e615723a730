import type { entities, relations } from "@memro/db";

/** An entity row as every read returns it (entities carry no vector, so nothing is hidden). */
export type Entity = typeof entities.$inferSelect;
export type Relation = typeof relations.$inferSelect;

/** A relation with its endpoints' names, so callers can show it without another lookup. */
export interface GraphRelation extends Relation {
  fromName: string;
  toName: string;
}

export interface GraphView {
  entities: Entity[];
  relations: GraphRelation[];
}

/** Audit payloads keep whole rows: every column is needed to restore one on rollback. */
export const snapshotOf = (row: Entity | Relation): Record<string, unknown> => ({ ...row });
