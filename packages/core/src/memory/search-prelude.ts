import { type Executor, namespaces, policies, queryRows } from "@memro/db";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { type AgentPolicies, effectivePolicies, type PolicyRow } from "../policy/policy.js";
import { type DecaySettings, decayFrom } from "./decay-settings.js";
import { type HeadColumns, headColumns, headsOf, type NamespaceHeads } from "./namespace-heads.js";
import { fromJson, lexemesJson } from "./search-sql.js";

/** What a search needs to know before it looks for candidates. */
export interface SearchPrelude {
  /** The question's lexemes as PostgreSQL's `english` configuration makes them (stemmed, no stop words), sorted. */
  lexemes: string[];
  heads: NamespaceHeads;
  decay: DecaySettings;
  /** The agent's effective policies; undefined for operators. */
  policies?: AgentPolicies;
}

/**
 * Everything a search reads before its candidates, in one round trip: each statement costs
 * more in the client and in PostgreSQL than these lookups themselves do.
 */
export async function searchPrelude(
  db: Executor,
  actor: Actor,
  namespaceId: string,
  text: string,
): Promise<SearchPrelude> {
  const agentId = actor.type === "agent" ? actor.agentId : null;
  const policyRows = agentId
    ? sql`(select coalesce(json_agg(json_build_object('tier', ${policies.tier}, 'agentId', ${policies.agentId},
        'read', ${policies.read}, 'write', ${policies.write}, 'maxMemories', ${policies.maxMemories},
        'writesPerMinute', ${policies.writesPerMinute}, 'clearances', ${policies.clearances})), '[]'::json)
        from ${policies} where ${and(eq(policies.namespaceId, namespaceId), or(eq(policies.agentId, agentId), isNull(policies.agentId)))})`
    : sql`'[]'::json`;
  const [row] = await queryRows<HeadColumns & { lexemes: unknown; settings: unknown; policies: unknown }>(
    db,
    sql`select ${lexemesJson(text)} as lexemes, ${headColumns(namespaceId)},
      (select ${namespaces.settings} from ${namespaces} where ${namespaces.id} = ${namespaceId}) as settings,
      ${policyRows} as policies`,
  );
  return {
    lexemes: fromJson<string[]>(row?.lexemes ?? "[]"),
    heads: headsOf(row),
    decay: decayFrom(row?.settings == null ? null : fromJson(row.settings)),
    ...(agentId
      ? { policies: effectivePolicies(fromJson<PolicyRow[]>(row?.policies ?? "[]"), agentId) }
      : {}),
  };
}
