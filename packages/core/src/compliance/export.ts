import {
  type Executor,
  entities,
  memories,
  promotions,
  queryRows,
  readAccessLog,
  relations,
  runs,
} from "@memro/db";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import type { Entity, Relation } from "../graph/types.js";
import { type Memory, memoryColumns } from "../memory/snapshot.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { type ReadAccessEntry, recordReads } from "./read-log.js";
import { exportSubjectInput } from "./schemas.js";
import { chunked, list, subjectPseudonym, textArray, withVersions } from "./tombstone.js";

export interface SubjectExport {
  format: "memro.subject-export/1";
  namespaceId: string;
  subject: string;
  generatedAt: string;
  /** Every memory of the subject, every version and status, erased tombstones included. */
  memories: Memory[];
  entities: Entity[];
  /** Relations touching the subject's entities or evidenced by its memories (ids of the other end only). */
  relations: Relation[];
  /** Promotions citing the subject's memories, or proposing a memory about the subject. */
  promotions: (typeof promotions.$inferSelect)[];
  /** Runs started for the subject. */
  runs: (typeof runs.$inferSelect)[];
  /** Who read the subject's labelled memories, when and how. */
  readAccess: ReadAccessEntry[];
  counts: Record<"memories" | "entities" | "relations" | "promotions" | "runs" | "readAccess", number>;
}

export interface ExportOptions {
  /** Called after each page with items done and the total, so a CLI or console can draw a bar. */
  onProgress?: (done: number, total: number) => void;
}

const PAGE = 100;

/**
 * A data-subject access request: everything the namespace holds about one subject, as one
 * JSON document. Operators (approver or above) only. Memories are found by the subject (and
 * by its erasure pseudonym, so erased tombstones are listed as such) and followed through
 * versions and chunks. Audited `subject.export` against the pseudonym, with counts; reads
 * of labelled memories are logged (`via: export`, no agent).
 */
export async function exportSubject(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  options: ExportOptions = {},
): Promise<SubjectExport> {
  requireOperator(actor, "approver");
  const { onProgress, ...rest } = (raw ?? {}) as Record<string, unknown> & ExportOptions;
  const input = parseInput(exportSubjectInput, rest);
  const progress = options.onProgress ?? onProgress;
  const ns = input.namespaceId;
  const db = ctx.memro.db;
  const names = [input.subject, subjectPseudonym(ns, input.subject)];
  const ids = await collectIds(db, ns, input.subject, names);
  const total =
    ids.memories.length +
    ids.entities.length +
    ids.relations.length +
    ids.promotions.length +
    ids.runs.length +
    ids.readAccess;
  let done = 0;
  const step = (n: number) => {
    done += n;
    progress?.(done, total);
  };
  progress?.(0, total);

  const out: SubjectExport = {
    format: "memro.subject-export/1",
    namespaceId: ns,
    subject: input.subject,
    generatedAt: new Date().toISOString(),
    memories: await paged(ids.memories, step, (part) =>
      db
        .select(memoryColumns())
        .from(memories)
        .where(inArray(memories.id, part))
        .orderBy(asc(memories.createdAt)),
    ),
    entities: await paged(ids.entities, step, (part) =>
      db.select().from(entities).where(inArray(entities.id, part)),
    ),
    relations: await paged(ids.relations, step, (part) =>
      db.select().from(relations).where(inArray(relations.id, part)),
    ),
    promotions: await paged(ids.promotions, step, (part) =>
      db.select().from(promotions).where(inArray(promotions.id, part)),
    ),
    runs: await paged(ids.runs, step, (part) => db.select().from(runs).where(inArray(runs.id, part))),
    readAccess: [],
    counts: { memories: 0, entities: 0, relations: 0, promotions: 0, runs: 0, readAccess: 0 },
  };
  for (const part of chunked(ids.memories, PAGE)) {
    const rows = await db
      .select()
      .from(readAccessLog)
      .where(and(eq(readAccessLog.namespaceId, ns), inArray(readAccessLog.memoryId, part)))
      .orderBy(asc(readAccessLog.at));
    out.readAccess.push(...rows);
    step(rows.length);
  }
  for (const key of Object.keys(out.counts) as (keyof SubjectExport["counts"])[])
    out.counts[key] = out[key].length;

  await db.transaction(async (tx) => {
    await recordReads(tx, { namespaceId: ns, agentId: null }, out.memories, { via: "export" });
    await appendAudit(tx, {
      namespaceId: ns,
      actor,
      action: "subject.export",
      targetType: "subject",
      targetId: names[1]!,
      payload: { counts: out.counts },
    });
  });
  if (done !== total) progress?.(total, total);
  return out;
}

async function paged<T>(
  ids: string[],
  step: (n: number) => void,
  load: (part: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunked(ids, PAGE)) {
    out.push(...(await load(part)));
    step(part.length);
  }
  return out;
}

async function collectIds(db: Executor, ns: string, subject: string, names: string[]) {
  const direct = await db
    .select({ id: memories.id })
    .from(memories)
    .where(and(eq(memories.namespaceId, ns), inArray(memories.subject, names)));
  const memoryIds = await withVersions(
    db,
    ns,
    direct.map((r) => r.id),
  );
  const ents = await db
    .select({ id: entities.id })
    .from(entities)
    .where(and(eq(entities.namespaceId, ns), inArray(entities.subject, names)));
  const entityIds = ents.map((e) => e.id);
  const relationIds = new Set<string>();
  for (const part of chunked(entityIds)) {
    const rows = await db
      .select({ id: relations.id })
      .from(relations)
      .where(
        and(
          eq(relations.namespaceId, ns),
          or(inArray(relations.fromId, part), inArray(relations.toId, part)),
        ),
      );
    for (const r of rows) relationIds.add(r.id);
  }
  const promotionIds = new Set<string>();
  const cited = (part: string[]) =>
    part.length
      ? sql`or result_memory_id::text = any(${textArray(part)}) or source_memory_ids && array[${list(part)}]::uuid[]
          or (proposed->>'id') = any(${textArray(part)})`
      : sql``;
  for (const part of chunked(memoryIds.length ? memoryIds : [""])) {
    const real = part.filter(Boolean);
    if (real.length) {
      const rows = await db
        .select({ id: relations.id })
        .from(relations)
        .where(and(eq(relations.namespaceId, ns), inArray(relations.evidenceMemoryId, real)));
      for (const r of rows) relationIds.add(r.id);
    }
    const promos = await queryRows<{ id: string }>(
      db,
      sql`select id from promotions where namespace_id = ${ns} and ((proposed->>'subject') = ${subject} ${cited(real)})`,
    );
    for (const p of promos) promotionIds.add(p.id);
  }
  const subjectRuns = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.namespaceId, ns), inArray(runs.subject, names)));
  let readAccess = 0;
  for (const part of chunked(memoryIds)) {
    const [row] = await queryRows<{ n: string | number }>(
      db,
      sql`select count(*) as n from read_access_log where namespace_id = ${ns} and memory_id in (${list(part)})`,
    );
    readAccess += Number(row?.n ?? 0);
  }
  return {
    memories: memoryIds,
    entities: entityIds,
    relations: [...relationIds],
    promotions: [...promotionIds],
    runs: subjectRuns.map((r) => r.id),
    readAccess,
  };
}
