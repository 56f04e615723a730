import { memories } from "@memro/db";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { hiddenFieldGuard } from "../compliance/clearance.js";
import { deliverToAgent } from "../compliance/read-log.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { allOf, filterConditions } from "./filters.js";
import { memoryFilters } from "./schemas.js";
import { type Memory, memoryColumns, publicMemory } from "./snapshot.js";
import { memoryVisibility } from "./visibility.js";

/** A memory the actor may see, in any status; another agent's private memory is "not found". */
export async function getMemory(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  namespaceId?: string,
): Promise<Memory> {
  const ns = namespaceOf(actor, namespaceId);
  if (!z.uuid().safeParse(id).success) throw notFound("memory");
  const db = ctx.memro.db;
  const visible = await memoryVisibility(db, actor, ns);
  const [row] = await db
    .select(memoryColumns())
    .from(memories)
    .where(and(visible, eq(memories.id, id)))
    .limit(1);
  if (!row) throw notFound("memory");
  if (actor.type === "agent") ctx.accessCounts.record([id]);
  // Redacted by clearance, and the read logged when labelled.
  const [shown] = await deliverToAgent(db, actor, ns, [publicMemory(row)], { via: "get" });
  return shown!;
}

export const listInput = memoryFilters.extend({
  query: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
});

export interface MemoryPage {
  items: Memory[];
  nextCursor: string | null;
}

/** Newest first, keyset-paged; `query` matches content words (full text). */
export async function listMemories(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<MemoryPage> {
  const input = parseInput(listInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const visible = await memoryVisibility(db, actor, ns);
  // Filters on content, metadata or data match only what the agent may read unredacted.
  const conds = [visible, await hiddenFieldGuard(db, actor, ns, input), ...filterConditions(input)];
  if (input.query?.trim()) {
    conds.push(sql`${memories.fts} @@ websearch_to_tsquery('english', ${input.query})`);
  }
  if (input.cursor) {
    const [at, id] = Buffer.from(input.cursor, "base64url").toString().split("|");
    const when = new Date(at ?? "");
    if (id && !Number.isNaN(when.getTime())) {
      conds.push(or(lt(memories.createdAt, when), and(eq(memories.createdAt, when), lt(memories.id, id)))!);
    }
  }
  const rows = await db
    .select(memoryColumns())
    .from(memories)
    .where(allOf(conds))
    .orderBy(desc(memories.createdAt), desc(memories.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit).map(publicMemory);
  const items = await deliverToAgent(db, actor, ns, page, { via: "list" });
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > input.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
      : null;
  return { items, nextCursor };
}

/** All versions of a knowledge fact (newest first), following `supersedes` both ways. */
export async function memoryVersions(ctx: CoreContext, actor: Actor, id: string, namespaceId?: string) {
  const start = await getMemory(ctx, actor, id, namespaceId);
  const db = ctx.memro.db;
  const visible = await memoryVisibility(db, actor, start.namespaceId);
  const chain: Memory[] = [start];
  const seen = new Set([start.id]);
  let older = start;
  while (older.supersedes && !seen.has(older.supersedes)) {
    const [prev] = await db
      .select(memoryColumns())
      .from(memories)
      .where(and(visible, eq(memories.id, older.supersedes)));
    if (!prev) break;
    seen.add(prev.id);
    older = publicMemory(prev);
    chain.push(older);
  }
  let newer = start;
  for (;;) {
    const [next] = await db
      .select(memoryColumns())
      .from(memories)
      .where(and(visible, eq(memories.supersedes, newer.id)));
    if (!next || seen.has(next.id)) break;
    seen.add(next.id);
    newer = publicMemory(next);
    chain.unshift(newer);
  }
  // `start` came through getMemory (already redacted and logged); the other versions do now.
  const rest = chain.filter((m) => m.id !== start.id);
  const others = await deliverToAgent(db, actor, start.namespaceId, rest, { via: "get" });
  const shown = new Map(others.map((m) => [m.id, m]));
  return chain.map((m) => shown.get(m.id) ?? m);
}
