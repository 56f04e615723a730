import { auditEvents, type Db, type Executor, memories, policies, TIERS, type Tier } from "@memro/db";
import { and, count, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import { forbidden, MemroError } from "../errors.js";

export type ReadMode = "none" | "own" | "shared";
export type WriteMode = "deny" | "direct" | "gated";

export interface EffectivePolicy {
  tier: Tier;
  read: ReadMode;
  write: WriteMode;
  maxMemories: number | null;
  writesPerMinute: number | null;
  clearances: string[];
  /** Where it came from, named in errors so an operator knows what to change. */
  source: "agent" | "namespace-default" | "built-in";
}

/** Built-in defaults: high-trust tiers are gated, the rest direct; reads own + shared. */
export function builtInPolicy(tier: Tier): EffectivePolicy {
  const gated = tier === "knowledge" || tier === "skills";
  return {
    tier,
    read: "shared",
    write: gated ? "gated" : "direct",
    maxMemories: null,
    writesPerMinute: null,
    clearances: [],
    source: "built-in",
  };
}

export async function resolvePolicy(
  db: Executor,
  namespaceId: string,
  agentId: string,
  tier: Tier,
): Promise<EffectivePolicy> {
  return (await resolvePolicies(db, namespaceId, agentId))[tier];
}

/** Every tier's effective policy for an agent, in one query: its own rows win over the namespace default. */
/** An agent's effective policy for every tier. */
export type AgentPolicies = Record<Tier, EffectivePolicy>;

export async function resolvePolicies(
  db: Executor,
  namespaceId: string,
  agentId: string,
): Promise<AgentPolicies> {
  const rows = await db
    .select()
    .from(policies)
    .where(
      and(eq(policies.namespaceId, namespaceId), or(eq(policies.agentId, agentId), isNull(policies.agentId))),
    );
  return effectivePolicies(rows, agentId);
}

/** The policy rows of a namespace that concern an agent (its own and the namespace defaults). */
export type PolicyRow = Pick<
  typeof policies.$inferSelect,
  "tier" | "agentId" | "read" | "write" | "maxMemories" | "writesPerMinute" | "clearances"
>;

/** Every tier's effective policy from the rows that concern the agent. */
export function effectivePolicies(rows: PolicyRow[], agentId: string): AgentPolicies {
  const out = {} as Record<Tier, EffectivePolicy>;
  for (const tier of TIERS) {
    const row =
      rows.find((r) => r.tier === tier && r.agentId === agentId) ??
      rows.find((r) => r.tier === tier && r.agentId === null);
    out[tier] = row
      ? {
          tier,
          read: row.read as ReadMode,
          write: row.write as WriteMode,
          maxMemories: row.maxMemories,
          writesPerMinute: row.writesPerMinute,
          clearances: row.clearances,
          source: row.agentId ? "agent" : "namespace-default",
        }
      : builtInPolicy(tier);
  }
  return out;
}

export const WRITE_ACTIONS = [
  "memory.create",
  "memory.update",
  "memory.delete",
  "entity.create",
  "relation.create",
];

/**
 * Decides an agent's write before its transaction opens: throws FORBIDDEN (after recording
 * `write_denied` in a transaction of its own, so the denial is audited and nothing else is
 * written) or returns "direct" | "gated". Quotas are checked here too.
 */
export async function authorizeWrite(
  db: Db,
  actor: Extract<Actor, { type: "agent" }>,
  tier: Tier,
  attempted: { action: string; targetId?: string; runId?: string | null },
): Promise<"direct" | "gated"> {
  const policy = await resolvePolicy(db, actor.namespaceId, actor.agentId, tier);
  let denial: string | undefined;
  if (policy.write === "deny") denial = `policy (${policy.source}) denies writes to the ${tier} tier`;
  else if (policy.writesPerMinute !== null && (await writesLastMinute(db, actor)) >= policy.writesPerMinute) {
    denial = `quota: at most ${policy.writesPerMinute} writes per minute (${policy.source} policy)`;
  } else if (
    policy.maxMemories !== null &&
    attempted.action === "memory.create" &&
    (await memoriesHeld(db, actor, tier)) >= policy.maxMemories
  ) {
    denial = `quota: at most ${policy.maxMemories} memories in the ${tier} tier (${policy.source} policy)`;
  }
  if (denial) {
    await recordDenial(db, actor, tier, attempted, denial);
    throw new MemroError(denial.startsWith("quota") ? "RATE_LIMITED" : "FORBIDDEN", denial, {
      policy: policy.source,
      tier,
      ...(denial.startsWith("quota") ? { retryAfterSeconds: 60 } : {}),
    });
  }
  return policy.write === "gated" ? "gated" : "direct";
}

async function recordDenial(
  db: Db,
  actor: Extract<Actor, { type: "agent" }>,
  tier: Tier,
  attempted: { action: string; targetId?: string; runId?: string | null },
  reason: string,
) {
  await db.transaction(async (tx) => {
    await appendAudit(tx, {
      namespaceId: actor.namespaceId,
      actor,
      action: "write_denied",
      targetType: tier,
      targetId: attempted.targetId ?? "-",
      runId: attempted.runId ?? null,
      reason,
      payload: { attempted: attempted.action },
    });
  });
}

async function writesLastMinute(db: Executor, actor: Extract<Actor, { type: "agent" }>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.namespaceId, actor.namespaceId),
        eq(auditEvents.actorId, actor.agentId),
        inArray(auditEvents.action, WRITE_ACTIONS),
        gt(auditEvents.at, new Date(Date.now() - 60_000)),
      ),
    );
  return row?.n ?? 0;
}

async function memoriesHeld(
  db: Executor,
  actor: Extract<Actor, { type: "agent" }>,
  tier: Tier,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memories)
    .where(
      and(
        eq(memories.namespaceId, actor.namespaceId),
        eq(memories.authorAgentId, actor.agentId),
        eq(memories.tier, tier),
        inArray(memories.status, ["active", "pending"]),
      ),
    );
  return row?.n ?? 0;
}

export function requireOperator(actor: Actor, minimum: "viewer" | "approver" | "admin"): void {
  const rank = { viewer: 0, approver: 1, admin: 2 } as const;
  if (actor.type === "system") return;
  if (actor.type !== "operator") throw forbidden(`only an operator (${minimum} or above) may do this`);
  if (rank[actor.role] < rank[minimum])
    throw forbidden(`operator role ${actor.role} may not do this; needs ${minimum}`);
}
