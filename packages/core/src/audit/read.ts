import { auditEvents, auditPayloads, promotions, runs } from "@memro/db";
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { getMemory, memoryVersions } from "../memory/read.js";
import { requireOperator } from "../policy/policy.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";

export const auditQueryInput = z.strictObject({
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  runId: z.uuid().optional(),
  targetId: z.string().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Events with seq below this (paging backwards from the newest). */
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  withPayload: z.boolean().default(false),
});

export async function listAudit(ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) {
  requireOperator(actor, "viewer");
  const input = parseInput(auditQueryInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  const conds: SQL[] = [eq(auditEvents.namespaceId, ns)];
  if (input.actorId) conds.push(eq(auditEvents.actorId, input.actorId));
  if (input.action) conds.push(eq(auditEvents.action, input.action));
  if (input.runId) conds.push(eq(auditEvents.runId, input.runId));
  if (input.targetId) conds.push(eq(auditEvents.targetId, input.targetId));
  if (input.from) conds.push(gte(auditEvents.at, input.from));
  if (input.to) conds.push(lte(auditEvents.at, input.to));
  if (input.beforeSeq) conds.push(lt(auditEvents.seq, input.beforeSeq));
  const rows = await ctx.memro.db
    .select({ event: auditEvents, payload: auditPayloads.payload, erasedAt: auditPayloads.erasedAt })
    .from(auditEvents)
    .leftJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
    .where(and(...conds))
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit);
  const items = rows.map((r) => ({
    ...r.event,
    ...(input.withPayload ? { payload: r.payload, payloadErased: Boolean(r.erasedAt) } : {}),
  }));
  const last = items[items.length - 1];
  return { items, nextBeforeSeq: items.length === input.limit && last ? last.seq : null };
}

/**
 * Everything that explains a memory: its versions, the memories it derives from, the
 * promotions that raised it, the run that wrote it, and its audit events in order.
 * Agents see only what they may read; audit events only for operators.
 */
export async function memoryLineage(ctx: CoreContext, actor: Actor, id: string, namespaceId?: string) {
  const memory = await getMemory(ctx, actor, id, namespaceId);
  const db = ctx.memro.db;
  const versions = await memoryVersions(ctx, actor, id, memory.namespaceId);
  const sourceIds = [...new Set(versions.flatMap((v) => v.derivedFrom))];
  const sources = [];
  for (const sid of sourceIds) {
    try {
      sources.push(await getMemory(ctx, actor, sid, memory.namespaceId));
    } catch {
      // A source the actor may not read stays hidden.
    }
  }
  const versionIds = versions.map((v) => v.id);
  const promotionRows = await db
    .select()
    .from(promotions)
    .where(
      and(eq(promotions.namespaceId, memory.namespaceId), inArray(promotions.resultMemoryId, versionIds)),
    );
  const runIds = [...new Set(versions.map((v) => v.runId).filter((r): r is string => Boolean(r)))];
  const runRows = runIds.length ? await db.select().from(runs).where(inArray(runs.id, runIds)) : [];
  const visibleRuns = actor.type === "agent" ? runRows.filter((r) => r.agentId === actor.agentId) : runRows;
  let events: (typeof auditEvents.$inferSelect)[] = [];
  if (actor.type !== "agent") {
    const targets = [...versionIds, ...promotionRows.map((p) => p.id)];
    events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, memory.namespaceId), inArray(auditEvents.targetId, targets)))
      .orderBy(asc(auditEvents.seq));
  }
  return { memory, versions, sources, promotions: promotionRows, runs: visibleRuns, events };
}
