import { entities, relations } from "@memro/db";
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { selectRelations } from "./relation-query.js";
import { resolveEntity } from "./resolve.js";
import { listEntitiesInput, openNodesInput, readGraphInput } from "./schemas.js";
import type { Entity, GraphRelation, GraphView } from "./types.js";
import { graphVisibility, validAt } from "./visibility.js";

/** An entity by id (any status) or by name (active); hidden or missing is "not found". */
export async function getEntity(
  ctx: CoreContext,
  actor: Actor,
  ref: string,
  namespaceId?: string,
): Promise<Entity> {
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  if (z.uuid().safeParse(ref).success) {
    const [row] = await db
      .select()
      .from(entities)
      .where(and(vis.entity, eq(entities.id, ref)));
    if (!row) throw notFound("entity");
    return row;
  }
  return resolveEntity(db, vis, actor, ref);
}

export interface EntityPage {
  items: Entity[];
  nextCursor: string | null;
}

/** Entities by name (case-insensitive order), keyset-paged; filter by type and a name/alias substring. */
export async function listEntities(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<EntityPage> {
  const input = parseInput(listEntitiesInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  const conds: (SQL | undefined)[] = [vis.entity, eq(entities.status, input.status)];
  if (input.type) conds.push(sql`lower(${entities.type}) = lower(${input.type})`);
  if (input.query) {
    const q = input.query.toLowerCase();
    conds.push(
      or(
        sql`strpos(lower(${entities.name}), ${q}) > 0`,
        sql`exists (select 1 from unnest(${entities.aliases}) a where strpos(lower(a), ${q}) > 0)`,
      ),
    );
  }
  const sortKey = sql`lower(${entities.name})`;
  if (input.cursor) {
    const [name, id] = Buffer.from(input.cursor, "base64url").toString().split("\u0000");
    if (name !== undefined && id && z.uuid().safeParse(id).success) {
      conds.push(sql`(${sortKey}, ${entities.id}) > (${name}, ${id}::uuid)`);
    }
  }
  const rows = await db
    .select()
    .from(entities)
    .where(and(...conds))
    .orderBy(asc(sortKey), asc(entities.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > input.limit && last
      ? Buffer.from(`${last.name.toLowerCase()}\u0000${last.id}`).toString("base64url")
      : null;
  return { items, nextCursor };
}

/** Visible active relations touching (or, with `both`, lying within) a set of entities, valid at `at`. */
export async function relationsAround(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
  ids: string[],
  opts: { at?: Date; both?: boolean; limit?: number } = {},
): Promise<GraphRelation[]> {
  if (ids.length === 0) return [];
  const vis = await graphVisibility(ctx.memro.db, actor, namespaceId);
  const ends = opts.both
    ? and(inArray(relations.fromId, ids), inArray(relations.toId, ids))
    : or(inArray(relations.fromId, ids), inArray(relations.toId, ids));
  const where = and(vis.relation, eq(relations.status, "active"), validAt(opts.at ?? new Date()), ends);
  return selectRelations(ctx.memro.db, where, opts.limit);
}

export interface GraphRead extends GraphView {
  /** True when the limit cut entities or relations off. */
  truncated: boolean;
}

/** Every visible active entity (up to the limit) and the relations among them valid at `validAt` (default now). */
export async function readGraph(
  ctx: CoreContext,
  actor: Actor,
  raw?: unknown,
  namespaceId?: string,
): Promise<GraphRead> {
  const input = parseInput(readGraphInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  const rows = await db
    .select()
    .from(entities)
    .where(and(vis.entity, eq(entities.status, "active")))
    .orderBy(asc(sql`lower(${entities.name})`), asc(entities.id))
    .limit(input.limit + 1);
  const list = rows.slice(0, input.limit);
  const relationLimit = input.limit * 4;
  const rels = await relationsAround(
    ctx,
    actor,
    ns,
    list.map((e) => e.id),
    { at: input.validAt, both: true, limit: relationLimit + 1 },
  );
  return {
    entities: list,
    relations: rels.slice(0, relationLimit),
    truncated: rows.length > input.limit || rels.length > relationLimit,
  };
}

/**
 * The named entities (ids or names, case-insensitive; every visible entity of that name) and
 * the relations touching them, as the reference memory server's open_nodes does.
 */
export async function openNodes(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<GraphView> {
  const input = parseInput(openNodesInput, Array.isArray(raw) ? { names: raw } : raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  const ids = input.names.filter((n) => z.uuid().safeParse(n).success);
  const names = input.names.map((n) => n.toLowerCase());
  const found = await db
    .select()
    .from(entities)
    .where(
      and(
        vis.entity,
        eq(entities.status, "active"),
        or(inArray(sql`lower(${entities.name})`, names), ids.length ? inArray(entities.id, ids) : undefined),
      ),
    )
    .orderBy(asc(sql`lower(${entities.name})`), asc(entities.id));
  const rels = await relationsAround(
    ctx,
    actor,
    ns,
    found.map((e) => e.id),
    { at: input.validAt },
  );
  return { entities: found, relations: rels };
}
