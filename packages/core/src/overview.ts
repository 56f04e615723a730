import {
  auditEvents,
  auditHeads,
  checkpoints,
  entities,
  memories,
  promotions,
  queryRows,
  relations,
  runs,
} from "@memro/db";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "./actor.js";
import type { CoreContext } from "./context.js";
import { requireOperator } from "./policy/policy.js";

export interface Overview {
  tiers: Record<string, number>;
  writesPerMinute: { minute: string; tier: string; writes: number }[];
  pendingPromotions: number;
  heldCheckpoints: number;
  activeRuns: number;
  chain: { headSeq: number };
  alerts: { seq: number; at: Date; actorId: string; action: string; reason: string | null }[];
}

/** The NOC screen's numbers for one namespace, in a handful of indexed queries. */
export async function namespaceOverview(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
  minutes = 30,
): Promise<Overview> {
  requireOperator(actor, "viewer");
  const db = ctx.memro.db;
  const tierRows = await db
    .select({ tier: memories.tier, n: count() })
    .from(memories)
    .where(and(eq(memories.namespaceId, namespaceId), eq(memories.status, "active")))
    .groupBy(memories.tier);
  const [ent] = await db
    .select({ n: count() })
    .from(entities)
    .where(and(eq(entities.namespaceId, namespaceId), eq(entities.status, "active")));
  const [rel] = await db
    .select({ n: count() })
    .from(relations)
    .where(and(eq(relations.namespaceId, namespaceId), eq(relations.status, "active")));
  const tiers: Record<string, number> = {
    vector: 0,
    graph: (ent?.n ?? 0) + (rel?.n ?? 0),
    episodic: 0,
    knowledge: 0,
    skills: 0,
  };
  for (const r of tierRows) tiers[r.tier] = r.n;

  const since = new Date(Date.now() - minutes * 60_000).toISOString();
  const writes = await queryRows<{ minute: string; tier: string; writes: number }>(
    db,
    sql`select to_char(date_trunc('minute', created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as minute,
      tier, count(*)::int as writes from memories
      where namespace_id = ${namespaceId} and created_at >= ${since}::timestamptz
      group by 1, 2 order by 1`,
  );
  const [pending] = await db
    .select({ n: count() })
    .from(promotions)
    .where(and(eq(promotions.namespaceId, namespaceId), eq(promotions.status, "pending")));
  const [held] = await db
    .select({ n: count() })
    .from(checkpoints)
    .where(and(eq(checkpoints.namespaceId, namespaceId), eq(checkpoints.status, "pending")));
  const [active] = await db
    .select({ n: count() })
    .from(runs)
    .where(and(eq(runs.namespaceId, namespaceId), inArray(runs.status, ["running", "waiting"])));
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.namespaceId, namespaceId));
  const alerts = await db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      action: auditEvents.action,
      reason: auditEvents.reason,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.namespaceId, namespaceId), eq(auditEvents.action, "write_denied")))
    .orderBy(desc(auditEvents.seq))
    .limit(10);
  return {
    tiers,
    writesPerMinute: writes.map((w) => ({ ...w, writes: Number(w.writes) })),
    pendingPromotions: pending?.n ?? 0,
    heldCheckpoints: held?.n ?? 0,
    activeRuns: active?.n ?? 0,
    chain: { headSeq: head?.seq ?? 0 },
    alerts,
  };
}
