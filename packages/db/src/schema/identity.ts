import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./columns.js";

export const namespaces = pgTable("namespaces", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** Per-tier decay parameters and other namespace settings (validated in core). */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const agents = pgTable(
  "agents",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    disabledAt: tstz("disabled_at"),
  },
  (t) => [uniqueIndex("agents_namespace_name").on(t.namespaceId, t.name)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    label: text("label").notNull().default(""),
    /** The first characters of the key, shown in the console to tell keys apart. */
    prefix: text("prefix").notNull(),
    /** sha256 of the whole key; the key itself is shown once and never stored. */
    hash: text("hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("api_keys_agent").on(t.agentId)],
);

export const operators = pgTable("operators", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  role: text("role", { enum: ["viewer", "approver", "admin"] }).notNull(),
  /** scrypt$N$r$p$salt$hash */
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
  disabledAt: tstz("disabled_at"),
});

export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["cookie", "bearer"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    lastSeenAt: tstz("last_seen_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("sessions_operator").on(t.operatorId)],
);
