import { memories } from "@memro/db";
import { getTableColumns } from "drizzle-orm";

type MemoryRow = typeof memories.$inferSelect;
export type Memory = Omit<MemoryRow, "embedding" | "fts">;

/** Columns every read returns: everything but the vector and the tsvector. */
export function publicMemory(row: MemoryRow | Memory): Memory {
  const { embedding: _e, fts: _f, ...rest } = row as MemoryRow;
  return rest;
}

/** What an audit payload keeps of a memory: enough to restore it, never the vector. */
export function snapshot(row: MemoryRow | Memory): Record<string, unknown> {
  const m = publicMemory(row);
  return {
    id: m.id,
    tier: m.tier,
    content: m.content,
    data: m.data,
    metadata: m.metadata,
    tags: m.tags,
    labels: m.labels,
    subject: m.subject,
    authorAgentId: m.authorAgentId,
    runId: m.runId,
    visibility: m.visibility,
    status: m.status,
    importance: m.importance,
    version: m.version,
    supersedes: m.supersedes,
    derivedFrom: m.derivedFrom,
    duplicateOf: m.duplicateOf,
    validFrom: m.validFrom,
    validTo: m.validTo,
    retiredAt: m.retiredAt,
  };
}

/** Every column but the vector and the tsvector, for `select`/`returning` that skip them. */
export function memoryColumns() {
  const { embedding: _e, fts: _f, ...rest } = getTableColumns(memories);
  return rest;
}
