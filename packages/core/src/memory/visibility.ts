import { type Executor, memories, type Tier } from "@memro/db";
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { type AgentPolicies, resolvePolicies, resolvePolicy } from "../policy/policy.js";
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
  const perTier: SQL[] = [];
  const policies = await (known ?? resolvePolicies(db, namespaceId, actor.agentId));
  for (const tier of MEMORY_ROW_TIERS) {
    const policy = policies[tier];
    if (policy.read === "none") continue;
    const own = eq(memories.authorAgentId, actor.agentId);
    const readable = policy.read === "shared" ? or(own, eq(memories.visibility, "shared"))! : own;
    perTier.push(and(eq(memories.tier, tier), readable)!);
  }
  if (perTier.length === 0) return sql`false`;
  return and(inNamespace, or(...perTier))!;
}

/** Read mode of an agent for a tier that is not a `memories` row tier (the graph). */
export async function canRead(db: Executor, actor: Actor, namespaceId: string, tier: Tier) {
  if (actor.type !== "agent") return { read: "shared" as const, agentId: null };
  const policy = await resolvePolicy(db, namespaceId, actor.agentId, tier);
  return { read: policy.read, agentId: actor.agentId };
}
