import { type Executor, entities, memories, queryRows, runs } from "@memro/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { badRequest } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { activeHolds, type HoldTarget, heldError, matchHold, withHoldAudit } from "./holds.js";
import { eraseSubjectInput } from "./schemas.js";
import {
  ERASED,
  erasePayloads,
  list,
  subjectPseudonym,
  tombstoneMemories,
  tombstonePackItems,
  tombstoneSubjectPromotions,
  withVersions,
} from "./tombstone.js";

export interface SubjectErasure {
  /** What the subject is now called on tombstones (never the subject itself). */
  pseudonym: string;
  memories: number;
  entities: number;
  relations: number;
  promotions: number;
  contextPackItems: number;
  runs: number;
  auditPayloads: number;
}

/**
 * Erases everything of an end user (a "subject") in a namespace, for a legal request:
 * - memories with that subject, and all their versions and chunks, become tombstones
 *   (see `tombstoneMemories`): content `[erased]`, data/metadata/tags emptied, no
 *   embedding, status `deleted`, subject replaced by a pseudonym;
 * - graph entities with that subject lose name, summary, aliases and observations and are
 *   deleted; relations touching them are deleted (their type is vocabulary, kept);
 * - context pack items citing any of these lose their content; promotions citing the
 *   memories lose their proposal; runs started for the subject lose task, outcome, step
 *   messages and data, checkpoint payloads and notes, and their packs' task;
 * - the audit payloads of every event that targeted any of these rows are erased
 *   (payload NULL, erased_at, erased_reason): the events stay and the chain verifies.
 * The erasure is audited as `subject.erase` with counts and ids, never content, against the
 * pseudonym (the chain cannot be erased, so it must never hold the subject). Refused with
 * CONFLICT, audited as `hold.blocked`, if a legal hold covers any of it.
 * Not erasable: audit event headers (action, reason...) are chained, so callers must keep
 * personal data out of `reason`; the reason given here may not contain the subject.
 */
export async function eraseSubject(ctx: CoreContext, actor: Actor, raw: unknown): Promise<SubjectErasure> {
  requireOperator(actor, "admin");
  const input = parseInput(eraseSubjectInput, raw);
  const ns = input.namespaceId;
  if (input.reason.toLowerCase().includes(input.subject.toLowerCase())) {
    throw badRequest("the reason is kept in the audit chain and may not contain the subject");
  }
  const pseudonym = subjectPseudonym(ns, input.subject);
  const erasedReason = `subject erasure: ${input.reason}`;
  const db = ctx.memro.db;
  return withHoldAudit(db, actor, "subject.erase", () =>
    db.transaction(async (tx) => {
      const found = await lockSubjectRows(tx, ns, input.subject);
      const holds = await activeHolds(tx, ns);
      const subjectHold = holds.find(
        (h) => h.scope === "namespace" || (h.scope === "subject" && h.value === input.subject),
      );
      if (subjectHold) throw heldError(subjectHold, { id: pseudonym, namespaceId: ns }, "subject");
      for (const target of found.targets) {
        const hold = matchHold(holds, target);
        if (hold) throw heldError(hold, target, target.kind);
      }

      const erased = await tombstoneMemories(tx, ns, found.memoryIds);
      const proposals = await tombstoneSubjectPromotions(tx, ns, input.subject);
      const promotionIds = [...new Set([...erased.promotionIds, ...proposals])];
      const relationIds = await tombstoneGraph(tx, ns, found.entityIds, pseudonym);
      const entityPackItems = await tombstonePackItems(tx, ns, found.entityIds);
      // Lock order of the write paths: rows first, then the chain head, then run rows.
      await lockChainHead(tx, ns);
      const checkpointIds = await tombstoneRuns(tx, ns, found.runIds, pseudonym);
      const auditPayloads = await erasePayloads(
        tx,
        ns,
        [
          ...found.memoryIds,
          ...found.entityIds,
          ...relationIds,
          ...promotionIds,
          ...found.runIds,
          ...checkpointIds,
        ],
        erasedReason,
      );
      const result: SubjectErasure = {
        pseudonym,
        memories: erased.memories,
        entities: found.entityIds.length,
        relations: relationIds.length,
        promotions: promotionIds.length,
        contextPackItems: erased.contextPackItems + entityPackItems,
        runs: found.runIds.length,
        auditPayloads,
      };
      await appendAudit(tx, {
        namespaceId: ns,
        actor,
        action: "subject.erase",
        targetType: "subject",
        targetId: pseudonym,
        reason: input.reason,
        payload: {
          ...result,
          memoryIds: found.memoryIds,
          entityIds: found.entityIds,
          relationIds,
          promotionIds,
          runIds: found.runIds,
        },
      });
      return result;
    }),
  );
}

type Target = HoldTarget & { kind: "memory" | "entity" | "run" };

/** The subject's memories (with versions and chunks), entities and runs, locked for the erasure. */
async function lockSubjectRows(tx: Executor, ns: string, subject: string) {
  const direct = await tx
    .select({ id: memories.id })
    .from(memories)
    .where(and(eq(memories.namespaceId, ns), eq(memories.subject, subject)));
  const memoryIds = await withVersions(
    tx,
    ns,
    direct.map((r) => r.id),
  );
  const targets: Target[] = [];
  if (memoryIds.length) {
    const rows = await queryRows<{
      id: string;
      subject: string | null;
      run_id: string | null;
      tags: string[];
    }>(
      tx,
      sql`select id, subject, run_id, tags from memories where id in (${list(memoryIds)}) order by id for update`,
    );
    for (const r of rows)
      targets.push({
        kind: "memory",
        id: r.id,
        namespaceId: ns,
        subject: r.subject,
        runId: r.run_id,
        tags: r.tags,
      });
  }
  const ents = await tx
    .select({ id: entities.id, runId: entities.runId })
    .from(entities)
    .where(and(eq(entities.namespaceId, ns), eq(entities.subject, subject)))
    .orderBy(entities.id)
    .for("update");
  for (const e of ents)
    targets.push({ kind: "entity", id: e.id, namespaceId: ns, subject, runId: e.runId, tags: [] });
  const subjectRuns = await tx
    .select({ id: runs.id, tags: runs.tags })
    .from(runs)
    .where(and(eq(runs.namespaceId, ns), eq(runs.subject, subject)));
  for (const r of subjectRuns)
    targets.push({ kind: "run", id: r.id, namespaceId: ns, subject, runId: r.id, tags: r.tags });
  return { memoryIds, entityIds: ents.map((e) => e.id), runIds: subjectRuns.map((r) => r.id), targets };
}

/** Entities become nameless deleted tombstones; relations touching them are deleted. Returns the relation ids. */
async function tombstoneGraph(
  tx: Executor,
  ns: string,
  entityIds: string[],
  pseudonym: string,
): Promise<string[]> {
  if (entityIds.length === 0) return [];
  await tx
    .update(entities)
    .set({
      name: ERASED,
      summary: ERASED,
      aliases: [],
      observations: [],
      status: "deleted",
      subject: pseudonym,
      updatedAt: new Date(),
    })
    .where(and(eq(entities.namespaceId, ns), inArray(entities.id, entityIds)));
  const rels = await queryRows<{ id: string }>(
    tx,
    sql`update relations set status = 'deleted', valid_to = coalesce(valid_to, now())
      where namespace_id = ${ns} and (from_id in (${list(entityIds)}) or to_id in (${list(entityIds)})) returning id`,
  );
  return rels.map((r) => r.id);
}

/** Runs started for the subject: task, outcome, steps and checkpoints emptied. Returns the checkpoint ids. */
async function tombstoneRuns(
  tx: Executor,
  ns: string,
  runIds: string[],
  pseudonym: string,
): Promise<string[]> {
  if (runIds.length === 0) return [];
  await tx
    .update(runs)
    .set({
      task: ERASED,
      outcome: sql`case when ${runs.outcome} is null then null else ${ERASED} end`,
      subject: pseudonym,
    })
    .where(and(eq(runs.namespaceId, ns), inArray(runs.id, runIds)));
  await tx.execute(
    sql`update run_steps set message = ${ERASED}, data = '{}'::jsonb where run_id in (${list(runIds)})`,
  );
  await tx.execute(
    sql`update context_packs set task = ${ERASED} where namespace_id = ${ns} and run_id in (${list(runIds)})`,
  );
  const cps = await queryRows<{ id: string }>(
    tx,
    sql`update checkpoints set payload = '{}'::jsonb, note = case when note is null then null else ${ERASED} end
      where namespace_id = ${ns} and run_id in (${list(runIds)}) returning id`,
  );
  return cps.map((c) => c.id);
}
