import {
  agents,
  apiKeys,
  auditEvents,
  auditHeads,
  auditPayloads,
  checkpoints,
  contextPacks,
  entities,
  memories,
  namespaces,
  policies,
  promotions,
  relations,
  runSteps,
  runs,
} from "@memro/db";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * What a namespace backup holds, in the order rows must be restored (foreign keys first).
 * `scope` names the column that ties a row to the namespace; run steps and audit payloads
 * hang off runs and events.
 */
export const BACKUP_TABLES: { name: string; table: PgTable; scope: "namespace" | "run" | "event" }[] = [
  { name: "namespaces", table: namespaces, scope: "namespace" },
  { name: "agents", table: agents, scope: "namespace" },
  { name: "api_keys", table: apiKeys, scope: "namespace" },
  { name: "policies", table: policies, scope: "namespace" },
  { name: "entities", table: entities, scope: "namespace" },
  { name: "relations", table: relations, scope: "namespace" },
  { name: "runs", table: runs, scope: "namespace" },
  { name: "run_steps", table: runSteps, scope: "run" },
  { name: "memories", table: memories, scope: "namespace" },
  { name: "promotions", table: promotions, scope: "namespace" },
  { name: "checkpoints", table: checkpoints, scope: "namespace" },
  { name: "context_packs", table: contextPacks, scope: "namespace" },
  { name: "audit_events", table: auditEvents, scope: "namespace" },
  { name: "audit_payloads", table: auditPayloads, scope: "event" },
  { name: "audit_heads", table: auditHeads, scope: "namespace" },
];
