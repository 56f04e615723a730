import { type Executor, entities, memories, promotions, relations } from "@memro/db";
import { inArray } from "drizzle-orm";
import { canonicalJson } from "../audit/canonical.js";

/**
 * What a rollback may put back, per target table (drizzle property names, as snapshots
 * carry them). Ids, authorship, run links and timestamps of record never change.
 * Graph snapshots (`entity.*`, `relation.*` events) are expected in the same camelCase
 * shape as their drizzle rows.
 */
export const RESTORABLE: Record<string, readonly string[]> = {
  memory: [
    "content",
    "data",
    "metadata",
    "tags",
    "labels",
    "importance",
    "visibility",
    "status",
    "validTo",
    "retiredAt",
  ],
  entity: ["name", "type", "aliases", "summary", "observations", "subject", "visibility", "status"],
  relation: ["type", "fromId", "toId", "validFrom", "validTo", "evidenceMemoryId", "visibility", "status"],
};
export const DATE_FIELDS = new Set(["validFrom", "validTo", "retiredAt"]);

export type TargetRow = Record<string, unknown> & { id: string };
export type Targets = Map<string, TargetRow>;

/** Current rows of every target, keyed `<targetType>:<id>`. */
export async function loadTargets(
  db: Executor,
  wanted: { targetType: string; targetId: string }[],
): Promise<Targets> {
  const out: Targets = new Map();
  const ids = (type: string) => [
    ...new Set(wanted.filter((w) => w.targetType === type).map((w) => w.targetId)),
  ];
  const put = (type: string, rows: Record<string, unknown>[]) => {
    for (const r of rows) out.set(`${type}:${r.id}`, r as TargetRow);
  };
  for (const chunk of chunks(ids("memory"))) {
    const rows = await db.select().from(memories).where(inArray(memories.id, chunk));
    put(
      "memory",
      rows.map(({ embedding: _e, fts: _f, ...rest }) => rest),
    );
  }
  for (const chunk of chunks(ids("entity")))
    put("entity", await db.select().from(entities).where(inArray(entities.id, chunk)));
  for (const chunk of chunks(ids("relation")))
    put("relation", await db.select().from(relations).where(inArray(relations.id, chunk)));
  for (const chunk of chunks(ids("promotion")))
    put("promotion", await db.select().from(promotions).where(inArray(promotions.id, chunk)));
  return out;
}

function* chunks<T>(items: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Equality of a row value and a snapshot value (Dates against ISO strings, JSON by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(normal(a)) === canonicalJson(normal(b));
}

const normal = (v: unknown) => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);

/** A snapshot value as the column wants it. */
export function toColumn(field: string, value: unknown): unknown {
  if (DATE_FIELDS.has(field)) return value === null || value === undefined ? null : new Date(String(value));
  return value;
}

/**
 * Locks the rows a rollback will change, before the namespace's chain: the memory and graph
 * write paths lock their row first and the chain second, so taking them in the same order
 * keeps a rollback from deadlocking with a concurrent edit of one of its targets.
 */
export async function lockTargets(
  db: Executor,
  wanted: { targetType: string; targetId: string }[],
): Promise<void> {
  const ids = (type: string) =>
    [...new Set(wanted.filter((w) => w.targetType === type).map((w) => w.targetId))].sort();
  for (const chunk of chunks(ids("memory"))) {
    await db
      .select({ id: memories.id })
      .from(memories)
      .where(inArray(memories.id, chunk))
      .orderBy(memories.id)
      .for("update");
  }
  for (const chunk of chunks(ids("entity"))) {
    await db
      .select({ id: entities.id })
      .from(entities)
      .where(inArray(entities.id, chunk))
      .orderBy(entities.id)
      .for("update");
  }
  for (const chunk of chunks(ids("relation"))) {
    await db
      .select({ id: relations.id })
      .from(relations)
      .where(inArray(relations.id, chunk))
      .orderBy(relations.id)
      .for("update");
  }
  for (const chunk of chunks(ids("promotion"))) {
    await db
      .select({ id: promotions.id })
      .from(promotions)
      .where(inArray(promotions.id, chunk))
      .orderBy(promotions.id)
      .for("update");
  }
}
