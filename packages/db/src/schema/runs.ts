import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./columns.js";
import { agents, namespaces, operators } from "./identity.js";

export const runs = pgTable(
  "runs",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    task: text("task").notNull(),
    subject: text("subject"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    tokenBudget: integer("token_budget").notNull(),
    status: text("status", { enum: ["running", "waiting", "finished", "failed", "rolled_back"] })
      .notNull()
      .default("running"),
    outcome: text("outcome"),
    /** Audit seq at the start, so the run's effects can be found and reverted. */
    startSeq: bigint("start_seq", { mode: "number" }).notNull(),
    startedAt: createdAt(),
    finishedAt: tstz("finished_at"),
  },
  (t) => [index("runs_ns_status").on(t.namespaceId, t.status)],
);

export const runSteps = pgTable(
  "run_steps",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    at: createdAt(),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("run_steps_run").on(t.runId)],
);

export const checkpoints = pgTable(
  "checkpoints",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    raisedBy: text("raised_by", { enum: ["agent", "policy"] })
      .notNull()
      .default("agent"),
    status: text("status", { enum: ["pending", "approved", "rejected"] })
      .notNull()
      .default("pending"),
    raisedSeq: bigint("raised_seq", { mode: "number" }).notNull(),
    decidedBy: uuid("decided_by").references(() => operators.id, { onDelete: "set null" }),
    decidedAt: tstz("decided_at"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("checkpoints_ns_status").on(t.namespaceId, t.status), index("checkpoints_run").on(t.runId)],
);

export type ContextPackItem = {
  memoryId: string;
  tier: string;
  score: number;
  tokens: number;
  why: string;
  content: string;
};

export const contextPacks = pgTable("context_packs", {
  id: id(),
  namespaceId: uuid("namespace_id")
    .notNull()
    .references(() => namespaces.id, { onDelete: "cascade" }),
  runId: uuid("run_id")
    .notNull()
    .references(() => runs.id, { onDelete: "cascade" }),
  task: text("task").notNull(),
  tokenBudget: integer("token_budget").notNull(),
  tokens: integer("tokens").notNull(),
  items: jsonb("items").$type<ContextPackItem[]>().notNull(),
  createdAt: createdAt(),
});
