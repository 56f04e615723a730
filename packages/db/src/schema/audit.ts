import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns.js";
import { namespaces } from "./identity.js";

/**
 * Append-only, per-namespace hash chain. The header (every column but `hash`) is hashed
 * with the previous hash; it holds only the digest of the payload, so a payload can be
 * erased for a legal request and the chain still verifies.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    namespaceId: uuid("namespace_id")
      .notNull()
      .references(() => namespaces.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    at: tstz("at").notNull(),
    actorType: text("actor_type", { enum: ["agent", "operator", "system"] }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    runId: uuid("run_id"),
    reason: text("reason"),
    payloadDigest: text("payload_digest").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_ns_seq").on(t.namespaceId, t.seq),
    index("audit_ns_target").on(t.namespaceId, t.targetId),
    index("audit_ns_run").on(t.namespaceId, t.runId),
    index("audit_ns_at").on(t.namespaceId, t.at),
    // The latest event that may have changed memories (not a run's own bookkeeping): search
    // statistics stay valid while it stands still.
    index("audit_ns_seq_content")
      .on(t.namespaceId, t.seq)
      .where(sql`${t.targetType} not in ('run', 'checkpoint')`),
  ],
);

/** Before/after snapshots beside each event; erasable (leaves `erased_at` as a tombstone). */
export const auditPayloads = pgTable("audit_payloads", {
  eventId: bigint("event_id", { mode: "number" })
    .primaryKey()
    .references(() => auditEvents.id, { onDelete: "cascade" }),
  payload: jsonb("payload").$type<Record<string, unknown>>(),
  erasedAt: tstz("erased_at"),
  erasedReason: text("erased_reason"),
});

/** The head of each namespace's chain; locked FOR UPDATE by every writer so the chain never forks. */
export const auditHeads = pgTable("audit_heads", {
  namespaceId: uuid("namespace_id")
    .primaryKey()
    .references(() => namespaces.id, { onDelete: "cascade" }),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});
