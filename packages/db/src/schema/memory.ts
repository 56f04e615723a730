import { sql } from "drizzle-orm";
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, embeddingColumn, id, tstz, tsvector } from "./columns.js";
import { agents, namespaces } from "./identity.js";

export const TIERS = ["vector", "graph", "episodic", "knowledge", "skills"] as const;
export type Tier = (typeof TIERS)[number];

export const MEMORY_STATUSES = [
  "active",
  "pending",
  "superseded",
  "archived",
  "rolled_back",
  "deleted",
] as const;
export type MemoryStatus = (typeof MEMORY_STATUSES)[number];

/** Feeds `memories.vec_seq`: vector caches load only rows with a higher value than they hold. */
export const memoryVecSeq = pgSequence("memory_vec_seq");

export const memories = pgTable(
  "memories",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    tier: text("tier", { enum: TIERS }).notNull(),
    content: text("content").notNull(),
    /** Tier-specific structured data, validated by core's zod schemas. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject"),
    authorAgentId: uuid("author_agent_id").references(() => agents.id, { onDelete: "set null" }),
    runId: uuid("run_id"),
    visibility: text("visibility", { enum: ["private", "shared"] })
      .notNull()
      .default("shared"),
    status: text("status", { enum: MEMORY_STATUSES }).notNull().default("active"),
    importance: doublePrecision("importance").notNull().default(0.5),
    version: integer("version").notNull().default(1),
    /** The memory this version replaced (knowledge supersession). */
    supersedes: uuid("supersedes"),
    derivedFrom: uuid("derived_from").array().notNull().default(sql`'{}'::uuid[]`),
    /** A near-duplicate is kept, and linked to the memory it resembles (never merged away). */
    duplicateOf: uuid("duplicate_of"),
    /** For chunks of a long document: the first chunk's id and the position. */
    chunkOf: uuid("chunk_of"),
    chunkIndex: integer("chunk_index"),
    contentHash: text("content_hash").notNull(),
    /** When the content was true in the world (event time for episodic). */
    validFrom: tstz("valid_from").notNull().defaultNow(),
    validTo: tstz("valid_to"),
    /** When the system learned it, and when it stopped holding it as current. */
    recordedAt: tstz("recorded_at").notNull().defaultNow(),
    retiredAt: tstz("retired_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    lastAccessedAt: tstz("last_accessed_at"),
    accessCount: integer("access_count").notNull().default(0),
    embedding: embeddingColumn("embedding"),
    embeddingModel: text("embedding_model"),
    /** Bumped from a sequence on every embedding write, so vector caches can catch up incrementally. */
    vecSeq: bigint("vec_seq", { mode: "number" }),
    fts: tsvector("fts").generatedAlwaysAs(sql`to_tsvector('english', coalesce("content", ''))`),
  },
  (t) => [
    index("memories_ns_tier_status").on(t.namespaceId, t.tier, t.status),
    index("memories_ns_hash").on(t.namespaceId, t.tier, t.contentHash),
    index("memories_ns_vecseq").on(t.namespaceId, t.vecSeq),
    index("memories_ns_valid_from").on(t.namespaceId, t.validFrom),
    index("memories_run").on(t.runId),
    index("memories_subject").on(t.namespaceId, t.subject),
    index("memories_fts").using("gin", t.fts),
    // Search fetches the neighbouring turns of episodic candidates by (episode, position).
    index("memories_episode_place").on(
      t.namespaceId,
      sql`(${t.data}->>'episode')`,
      sql`(${t.data}->>'position')`,
    ),
  ],
);

export const entities = pgTable(
  "entities",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type").notNull(),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    summary: text("summary").notNull().default(""),
    observations: text("observations").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject"),
    authorAgentId: uuid("author_agent_id").references(() => agents.id, { onDelete: "set null" }),
    runId: uuid("run_id"),
    visibility: text("visibility", { enum: ["private", "shared"] })
      .notNull()
      .default("shared"),
    status: text("status", { enum: MEMORY_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("entities_ns_name").on(t.namespaceId, t.name)],
);

export const relations = pgTable(
  "relations",
  {
    id: id(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    fromId: uuid("from_id")
      .notNull()
      .references(() => entities.id, { onDelete: "cascade" }),
    toId: uuid("to_id")
      .notNull()
      .references(() => entities.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    validFrom: tstz("valid_from").notNull().defaultNow(),
    validTo: tstz("valid_to"),
    evidenceMemoryId: uuid("evidence_memory_id"),
    authorAgentId: uuid("author_agent_id").references(() => agents.id, { onDelete: "set null" }),
    runId: uuid("run_id"),
    visibility: text("visibility", { enum: ["private", "shared"] })
      .notNull()
      .default("shared"),
    status: text("status", { enum: MEMORY_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [
    index("relations_from").on(t.namespaceId, t.fromId),
    index("relations_to").on(t.namespaceId, t.toId),
  ],
);
