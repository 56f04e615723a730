import { type Executor, entities, relations } from "@memro/db";
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { resolvePolicy } from "../policy/policy.js";

/** SQL conditions for the graph rows an actor may read in a namespace (any status). */
export interface GraphScope {
  entity: SQL;
  relation: SQL;
}

/**
 * An agent reads by its graph read mode: none → nothing; own → rows it wrote; shared → its
 * own plus others' shared rows, never others' private ones. Operators and the system see the
 * whole namespace. A relation is visible only when both of its endpoints are, so an edge
 * never reveals that a hidden entity exists.
 */
export async function graphVisibility(db: Executor, actor: Actor, namespaceId: string): Promise<GraphScope> {
  const entityNs = eq(entities.namespaceId, namespaceId);
  const relationNs = eq(relations.namespaceId, namespaceId);
  if (actor.type !== "agent") return { entity: entityNs, relation: relationNs };
  if (actor.namespaceId !== namespaceId) return { entity: sql`false`, relation: sql`false` };
  const { read } = await resolvePolicy(db, namespaceId, actor.agentId, "graph");
  if (read === "none") return { entity: sql`false`, relation: sql`false` };
  const readable = (t: typeof entities | typeof relations): SQL => {
    const own = eq(t.authorAgentId, actor.agentId);
    return read === "shared" ? or(own, eq(t.visibility, "shared"))! : own;
  };
  const entity = and(entityNs, readable(entities))!;
  const visibleIds = sql`(select ${entities.id} from ${entities} where ${entity})`;
  const relation = and(
    relationNs,
    readable(relations),
    sql`${relations.fromId} in ${visibleIds}`,
    sql`${relations.toId} in ${visibleIds}`,
  )!;
  return { entity, relation };
}

/** Relations that hold at instant `t`: validFrom <= t < validTo (open-ended when validTo is null). */
export function validAt(t: Date): SQL {
  const at = sql`${t.toISOString()}::timestamptz`;
  return sql`(${relations.validFrom} <= ${at} and (${relations.validTo} is null or ${relations.validTo} > ${at}))`;
}

/** Only the author may edit or remove a graph row; operators may change any row of the namespace. */
export function mayChange(viewer: Actor, row: { authorAgentId: string | null }): boolean {
  return viewer.type !== "agent" || row.authorAgentId === viewer.agentId;
}
