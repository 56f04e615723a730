import { type Executor, memories, type Tier } from "@memro/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { type AgentPolicies, resolvePolicies, resolvePolicy } from "../policy/policy.js";
import { anyOf } from "../sql-arrays.js";
import { MEMORY_ROW_TIERS } from "./schemas.js";

/**
 * The rows of `memories` an actor may read in a namespace, as one SQL condition: an agent
 * sees its own memories and, where its read mode is `shared`, others' shared ones, never
 * others' private ones; operators see the whole namespace. `known`: the agent's policies when
 * the caller already resolved them.
 */
export async function memoryVisibility(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  known?: Promise<AgentPolicies>,
): Promise<SQL> {
  const inNamespace = eq(memories.namespaceId, namespaceId);
  if (actor.type !== "agent") return inNamespace;
  const policies = await (known ?? resolvePolicies(db, namespaceId, actor.agentId));
  const readable = MEMORY_ROW_TIERS.filter((tier) => policies[tier].read !== "none");
  const shared = readable.filter((tier) => policies[tier].read === "shared");
  if (readable.length === 0) return sql`false`;
  // Tiers grouped by read mode, each group one array parameter: the condition goes into
  // several statements per search, and its size is what the query builder walks each time.
  const own = eq(memories.authorAgentId, actor.agentId);
  const othersShared =
    shared.length === readable.length
      ? sql`${memories.visibility} = 'shared'`
      : and(sql`${memories.visibility} = 'shared'`, anyOf(memories.tier, shared));
  return and(
    inNamespace,
    anyOf(memories.tier, readable),
    shared.length === 0 ? own : sql`(${own} or ${othersShared})`,
  )!;
}

/** Read mode of an agent for a tier that is not a `memories` row tier (the graph). */
export async function canRead(db: Executor, actor: Actor, namespaceId: string, tier: Tier) {
  if (actor.type !== "agent") return { read: "shared" as const, agentId: null };
  const policy = await resolvePolicy(db, namespaceId, actor.agentId, tier);
  return { read: policy.read, agentId: actor.agentId };
}
