import { type Executor, entities } from "@memro/db";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { notFound } from "../errors.js";
import type { Entity } from "./types.js";
import type { GraphScope } from "./visibility.js";

const isUuid = (ref: string) => z.uuid().safeParse(ref).success;
export const nameKey = (name: string) => name.trim().toLowerCase();

export interface ResolveOptions {
  lock?: "update" | "share";
  /** Treat every reference as a name, even one that looks like an id. */
  namesOnly?: boolean;
}

/**
 * Finds the active, visible entities that a list of references (ids, or names matched
 * case-insensitively) point at. Several visible entities may share a name: the viewer's
 * own wins, then the oldest, so a name always resolves the same way.
 */
export async function resolveEntities(
  db: Executor,
  scope: GraphScope,
  viewer: Actor,
  refs: string[],
  opts: ResolveOptions = {},
): Promise<Map<string, Entity>> {
  const asId = (ref: string) => !opts.namesOnly && isUuid(ref);
  const ids = refs.filter(asId);
  const names = [...new Set(refs.filter((r) => !asId(r)).map(nameKey))];
  const out = new Map<string, Entity>();
  if (ids.length === 0 && names.length === 0) return out;
  const match = or(
    ids.length ? inArray(entities.id, ids) : undefined,
    names.length ? inArray(sql`lower(${entities.name})`, names) : undefined,
  );
  const query = db
    .select()
    .from(entities)
    .where(and(scope.entity, eq(entities.status, "active"), match))
    .orderBy(asc(entities.createdAt), asc(entities.id));
  const rows = opts.lock ? await query.for(opts.lock) : await query;
  const own = (e: Entity) => viewer.type === "agent" && e.authorAgentId === viewer.agentId;
  for (const ref of refs) {
    const found = asId(ref)
      ? rows.find((e) => e.id === ref)
      : (rows.find((e) => nameKey(e.name) === nameKey(ref) && own(e)) ??
        rows.find((e) => nameKey(e.name) === nameKey(ref)));
    if (found) out.set(ref, found);
  }
  return out;
}

/** Like resolveEntities for one reference; a missing or hidden entity is "not found". */
export async function resolveEntity(
  db: Executor,
  scope: GraphScope,
  viewer: Actor,
  ref: string,
  lock?: "update" | "share",
): Promise<Entity> {
  const found = (await resolveEntities(db, scope, viewer, [ref], { lock })).get(ref);
  if (!found) throw notFound(`entity ${ref}`);
  return found;
}
