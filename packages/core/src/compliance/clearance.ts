import { type Executor, memories, type Tier } from "@memro/db";
import { and, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { Memory } from "../memory/snapshot.js";
import { type AgentPolicies, resolvePolicies } from "../policy/policy.js";
import { anyOf, arrayLiteral } from "../sql-arrays.js";

/**
 * Redaction by clearance.
 *
 * An agent reads a labelled memory unredacted only when its policy for the memory's tier
 * clears every one of the memory's labels. Otherwise it still gets the memory (never a
 * silent drop: lists and versions keep their counts), with `content` replaced by
 * `[redacted: <labels>]`, `data`, `metadata` and `contentHash` emptied (a hash would let an
 * agent confirm a guess) and `redacted: true`. Operators are not redacted: they govern.
 *
 * Ranking and matching rule: nothing computed from a hidden field (content full text, the
 * embedding, data, metadata) may decide whether or where an uncleared memory shows up, or
 * it would leak what it hides. So search never takes an uncleared memory as a candidate
 * (neither lexical nor dense; it also stays out of score normalisation), and a list with a
 * content, metadata or episode filter only matches cleared memories. A plain list (filters
 * on visible fields only) returns every visible memory, redacted where needed.
 */

/** Labels cleared per tier; `null` means everything is cleared (operators, the system). */
export type Clearances = Record<Tier, ReadonlySet<string>> | null;

export type Delivered<T extends Memory = Memory> = T & { redacted?: true };

/** `known`: the agent's policies when the caller already resolved them (one read per request). */
export async function clearancesFor(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  known?: Promise<AgentPolicies>,
): Promise<Clearances> {
  if (actor.type !== "agent") return null;
  const policies = await (known ?? resolvePolicies(db, namespaceId, actor.agentId));
  const out = {} as Record<Tier, ReadonlySet<string>>;
  for (const [tier, policy] of Object.entries(policies)) out[tier as Tier] = new Set(policy.clearances);
  return out;
}

/** The labels of a memory its reader is not cleared for (empty: it may read it whole). */
export function missingClearances(m: Pick<Memory, "tier" | "labels">, clearances: Clearances): string[] {
  if (clearances === null || m.labels.length === 0) return [];
  const cleared = clearances[m.tier as Tier];
  return m.labels.filter((l) => !cleared?.has(l));
}

export function redactMemory<T extends Memory>(m: T, clearances: Clearances): Delivered<T> {
  const missing = missingClearances(m, clearances);
  if (missing.length === 0) return m;
  return {
    ...m,
    content: `[redacted: ${missing.join(", ")}]`,
    data: {},
    metadata: {},
    contentHash: "",
    redacted: true,
  };
}

/** Redacts what an agent may not read; returns operators' and the system's reads unchanged. */
export async function redactForAgent<T extends Memory>(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  items: T[],
): Promise<Delivered<T>[]> {
  if (actor.type !== "agent" || !items.some((m) => m.labels.length > 0)) return items;
  const clearances = await clearancesFor(db, actor, namespaceId);
  return items.map((m) => redactMemory(m, clearances));
}

/**
 * SQL true for the `memories` rows the actor may read unredacted: per tier, the row's labels
 * are contained in the tier's clearances. Undefined for operators (no condition).
 */
export async function clearedCondition(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  known?: Promise<AgentPolicies>,
): Promise<SQL | undefined> {
  const clearances = await clearancesFor(db, actor, namespaceId, known);
  if (clearances === null) return undefined;
  // Tiers with the same clearances share one term, their labels one array parameter.
  const groups = new Map<string, { tiers: string[]; labels: string[] }>();
  for (const [tier, set] of Object.entries(clearances)) {
    const labels = [...set].sort();
    const key = JSON.stringify(labels);
    const group = groups.get(key) ?? groups.set(key, { tiers: [], labels }).get(key)!;
    group.tiers.push(tier);
  }
  const terms = [...groups.values()].map(({ tiers, labels }) =>
    and(
      anyOf(memories.tier, tiers),
      labels.length
        ? sql`${memories.labels} <@ ${arrayLiteral(labels)}::text[]`
        : sql`cardinality(${memories.labels}) = 0`,
    ),
  );
  return or(...terms)!;
}

/** Filters that read hidden fields; when any is used, only cleared rows may match (see above). */
export async function hiddenFieldGuard(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  filters: { query?: string; metadata?: Record<string, unknown>; episode?: string },
): Promise<SQL | undefined> {
  const readsHidden =
    Boolean(filters.query?.trim()) ||
    Boolean(filters.metadata && Object.keys(filters.metadata).length) ||
    Boolean(filters.episode);
  return readsHidden ? clearedCondition(db, actor, namespaceId) : undefined;
}
