import { type Executor, memories, readAccessLog } from "@memro/db";
import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import type { Memory } from "../memory/snapshot.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { type Delivered, redactForAgent } from "./clearance.js";
import { type ReadVia, readAccessQuery } from "./schemas.js";

export interface ReadContext {
  via: ReadVia;
  runId?: string | null;
}

/**
 * Logs an agent's reads of labelled memories (unlabelled ones are not logged: the log is
 * for sensitive data, and logging every read would drown it). Ids only, never content.
 * `agentId` null is an operator's read (a subject export); the audit event names who.
 */
export async function recordReads(
  db: Executor,
  reader: { namespaceId: string; agentId: string | null },
  items: Pick<Memory, "id" | "labels">[],
  read: ReadContext,
): Promise<number> {
  const labelled = [...new Set(items.filter((m) => m.labels.length > 0).map((m) => m.id))];
  if (labelled.length === 0) return 0;
  await db.insert(readAccessLog).values(
    labelled.map((memoryId) => ({
      namespaceId: reader.namespaceId,
      agentId: reader.agentId,
      memoryId,
      runId: read.runId ?? null,
      via: read.via,
    })),
  );
  return labelled.length;
}

/** As `recordReads`, for callers holding only ids (context pack items): labels are looked up. */
export async function recordReadsById(
  db: Executor,
  reader: { namespaceId: string; agentId: string | null },
  memoryIds: string[],
  read: ReadContext,
): Promise<number> {
  if (memoryIds.length === 0) return 0;
  const rows = await db
    .select({ id: memories.id, labels: memories.labels })
    .from(memories)
    .where(
      and(
        eq(memories.namespaceId, reader.namespaceId),
        inArray(memories.id, [...new Set(memoryIds)]),
        sql`cardinality(${memories.labels}) > 0`,
      ),
    );
  return recordReads(db, reader, rows, read);
}

/**
 * What every read path hands an agent: redacted by clearance, and its reads of labelled
 * memories logged. Operators' reads pass through unchanged and unlogged.
 */
export async function deliverToAgent<T extends Memory>(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  items: T[],
  read: ReadContext,
): Promise<Delivered<T>[]> {
  if (actor.type !== "agent" || items.length === 0) return items;
  const shown = await redactForAgent(db, actor, namespaceId, items);
  await recordReads(db, { namespaceId, agentId: actor.agentId }, items, read);
  return shown;
}

export type ReadAccessEntry = typeof readAccessLog.$inferSelect;

/** Newest first: who read which labelled memory, when, in which run and through which path. */
export async function listReadAccess(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
): Promise<ReadAccessEntry[]> {
  requireOperator(actor, "viewer");
  const q = parseInput(readAccessQuery, raw);
  const conds = [eq(readAccessLog.namespaceId, q.namespaceId)];
  if (q.memoryId) conds.push(eq(readAccessLog.memoryId, q.memoryId));
  if (q.agentId) conds.push(eq(readAccessLog.agentId, q.agentId));
  if (q.via) conds.push(eq(readAccessLog.via, q.via));
  if (q.from) conds.push(gte(readAccessLog.at, q.from));
  if (q.to) conds.push(lte(readAccessLog.at, q.to));
  return ctx.memro.db
    .select()
    .from(readAccessLog)
    .where(and(...conds))
    .orderBy(desc(readAccessLog.at), desc(readAccessLog.id))
    .limit(q.limit);
}
