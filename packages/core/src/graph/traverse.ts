import { entities, queryRows, relations } from "@memro/db";
import { and, inArray, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { selectRelations } from "./relation-query.js";
import { resolveEntities } from "./resolve.js";
import { traverseInput } from "./schemas.js";
import type { Entity, GraphRelation } from "./types.js";
import { graphVisibility, validAt } from "./visibility.js";

export type TraversalNode = Entity & { hops: number };

export interface Traversal {
  /** Reached entities with their hop distance from the nearest start (0 for a start), nearest first. */
  nodes: TraversalNode[];
  /** The relations the walk went along. */
  edges: GraphRelation[];
  /** Start references that matched no visible active entity. */
  unresolved: string[];
  validAt: Date;
  truncated: boolean;
}

/**
 * k-hop neighbourhood of the start entities, walked by one recursive CTE in the database:
 * relations in both directions, only active ones valid at `validAt` (default now), only
 * entities and relations the actor may see, optionally only some relation types.
 * Rows of the walk are (node, hops) under UNION, so each node enters at most once per hop
 * count and the work stays linear in edges × depth even on cyclic graphs.
 */
export async function traverse(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<Traversal> {
  const input = parseInput(traverseInput, raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const at = input.validAt ?? new Date();
  const vis = await graphVisibility(db, actor, ns);
  const starts = await resolveEntities(db, vis, actor, input.start);
  const unresolved = input.start.filter((ref) => !starts.has(ref));
  const startIds = [...new Set([...starts.values()].map((e) => e.id))];
  if (startIds.length === 0) return { nodes: [], edges: [], unresolved, validAt: at, truncated: false };

  const typeFilter = input.relationTypes
    ? sql`and ${relations.type} in (${sql.join(
        input.relationTypes.map((t) => sql`${t}`),
        sql`, `,
      )})`
    : sql``;
  const depth = sql`${input.depth}::int`;
  const rows = await queryRows<{ kind: "node" | "edge"; id: string; hops: number | string }>(
    db,
    sql`with recursive
      vis_e as (
        select ${entities.id} as id from ${entities}
        where ${vis.entity} and ${entities.status} = 'active'
      ),
      vis_r as (
        select ${relations.id} as id, ${relations.fromId} as from_id, ${relations.toId} as to_id from ${relations}
        where ${vis.relation} and ${relations.status} = 'active' and ${validAt(at)}
          and ${relations.fromId} in (select id from vis_e) and ${relations.toId} in (select id from vis_e)
          ${typeFilter}
      ),
      walk(node_id, hops) as (
        select id, 0 from vis_e where id in (${sql.join(
          startIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        union
        select case when r.from_id = w.node_id then r.to_id else r.from_id end, w.hops + 1
        from walk w join vis_r r on r.from_id = w.node_id or r.to_id = w.node_id
        where w.hops < ${depth}
      ),
      reached as (select node_id, min(hops) as hops from walk group by node_id)
    select 'node' as kind, node_id as id, hops from reached
    union all
    select 'edge' as kind, r.id, least(a.hops, b.hops) as hops
    from vis_r r join reached a on a.node_id = r.from_id join reached b on b.node_id = r.to_id
    where least(a.hops, b.hops) < ${depth}`,
  );

  const hopsOf = new Map<string, number>();
  const edgeIds: string[] = [];
  for (const row of rows) {
    if (row.kind === "node") hopsOf.set(String(row.id), Number(row.hops));
    else edgeIds.push(String(row.id));
  }
  // Keep the nearest nodes when the neighbourhood is larger than the limit.
  const kept = [...hopsOf.entries()].sort((a, b) => a[1] - b[1]).slice(0, input.limit);
  const keptIds = new Set(kept.map(([id]) => id));
  const nodeRows = keptIds.size
    ? await db
        .select()
        .from(entities)
        .where(inArray(entities.id, [...keptIds]))
    : [];
  const nodes = nodeRows
    .map((e) => ({ ...e, hops: hopsOf.get(e.id) ?? 0 }))
    .sort((a, b) => a.hops - b.hops || a.name.localeCompare(b.name));
  const edges = edgeIds.length
    ? (await selectRelations(db, and(inArray(relations.id, edgeIds)))).filter(
        (r) => keptIds.has(r.fromId) && keptIds.has(r.toId),
      )
    : [];
  return { nodes, edges, unresolved, validAt: at, truncated: hopsOf.size > kept.length };
}
