import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./columns.js";
import { agents, namespaces, operators } from "./identity.js";
import { TIERS } from "./memory.js";

export const READ_MODES = ["none", "own", "shared"] as const;
export const WRITE_MODES = ["deny", "direct", "gated"] as const;

/** Per namespace × agent (null = the namespace default) × tier. */
export const policies = pgTable(
  "policies",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    tier: text("tier", { enum: TIERS }).notNull(),
    read: text("read", { enum: READ_MODES }).notNull(),
    write: text("write", { enum: WRITE_MODES }).notNull(),
    maxMemories: integer("max_memories"),
    writesPerMinute: integer("writes_per_minute"),
    /** Sensitivity labels this agent may read unredacted. */
    clearances: text("clearances").array().notNull().default(sql`'{}'::text[]`),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [unique("policies_scope").on(t.namespaceId, t.agentId, t.tier).nullsNotDistinct()],
);

export const promotions = pgTable(
  "promotions",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["gated_write", "proposal"] }).notNull(),
    targetTier: text("target_tier", { enum: TIERS }).notNull(),
    /** The write input as the agent sent it (validated), possibly edited by the approver. */
    proposed: jsonb("proposed").$type<Record<string, unknown>>().notNull(),
    sourceMemoryIds: uuid("source_memory_ids").array().notNull().default(sql`'{}'::uuid[]`),
    proposerAgentId: uuid("proposer_agent_id").references(() => agents.id, { onDelete: "set null" }),
    runId: uuid("run_id"),
    status: text("status", { enum: ["pending", "approved", "rejected", "withdrawn"] })
      .notNull()
      .default("pending"),
    decidedBy: uuid("decided_by").references(() => operators.id, { onDelete: "set null" }),
    decidedAt: tstz("decided_at"),
    reason: text("reason"),
    resultMemoryId: uuid("result_memory_id"),
    createdAt: createdAt(),
  },
  (t) => [index("promotions_ns_status").on(t.namespaceId, t.status)],
);
