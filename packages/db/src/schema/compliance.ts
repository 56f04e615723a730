import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./columns.js";
import { agents, namespaces, operators } from "./identity.js";
import { TIERS } from "./memory.js";

export const retentionRules = pgTable("retention_rules", {
  id: id(),
  namespaceId: uuid("namespace_id")
    .notNull()
    .references(() => namespaces.id, { onDelete: "cascade" }),
  tier: text("tier", { enum: TIERS }),
  label: text("label"),
  keepDays: integer("keep_days").notNull(),
  action: text("action", { enum: ["archive", "erase"] }).notNull(),
  createdAt: createdAt(),
});

export const legalHolds = pgTable(
  "legal_holds",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: ["namespace", "subject", "run", "tag"] }).notNull(),
    value: text("value"),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by").references(() => operators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    releasedAt: tstz("released_at"),
  },
  (t) => [index("legal_holds_ns").on(t.namespaceId)],
);

export const readAccessLog = pgTable(
  "read_access_log",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").references(() => agents.id, { onDelete: "set null" }),
    memoryId: uuid("memory_id").notNull(),
    runId: uuid("run_id"),
    via: text("via", { enum: ["get", "search", "context_pack", "list", "export"] }).notNull(),
    at: createdAt(),
  },
  (t) => [index("read_access_ns_memory").on(t.namespaceId, t.memoryId)],
);
