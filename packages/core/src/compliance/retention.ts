import { type Executor, memories, retentionRules } from "@memro/db";
import { and, asc, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, systemActor } from "../actor.js";
import { appendAudit, appendAuditMany } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { memoryColumns, snapshot } from "../memory/snapshot.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { activeHolds, type LegalHold, matchHold } from "./holds.js";
import { retentionRuleInput, sweepOptions } from "./schemas.js";
import { chunked, ERASED_HASH, erasePayloads, tombstoneMemories } from "./tombstone.js";

export type RetentionRule = typeof retentionRules.$inferSelect;

/**
 * Sets the retention rule for (namespace, tier, label): one rule per pair, replaced when
 * set again. Memories older than `keepDays` (by `created_at`) that match are archived or
 * erased by `sweepRetention`. Audited `retention.set` with before/after.
 */
export async function setRetentionRule(ctx: CoreContext, actor: Actor, raw: unknown): Promise<RetentionRule> {
  requireOperator(actor, "admin");
  const input = parseInput(retentionRuleInput, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const scope = and(
      eq(retentionRules.namespaceId, input.namespaceId),
      input.tier ? eq(retentionRules.tier, input.tier) : isNull(retentionRules.tier),
      input.label ? eq(retentionRules.label, input.label) : isNull(retentionRules.label),
    );
    const [before] = await tx.select().from(retentionRules).where(scope).for("update");
    const values = {
      namespaceId: input.namespaceId,
      tier: input.tier ?? null,
      label: input.label ?? null,
      keepDays: input.keepDays,
      action: input.action,
    };
    const [after] = before
      ? await tx.update(retentionRules).set(values).where(eq(retentionRules.id, before.id)).returning()
      : await tx.insert(retentionRules).values(values).returning();
    await appendAudit(tx, {
      namespaceId: input.namespaceId,
      actor,
      action: "retention.set",
      targetType: "retention_rule",
      targetId: after!.id,
      payload: { before: before ?? null, after: after! },
    });
    return after!;
  });
}

export async function deleteRetentionRule(ctx: CoreContext, actor: Actor, ruleId: string): Promise<void> {
  requireOperator(actor, "admin");
  if (!z.uuid().safeParse(ruleId).success) throw notFound("retention rule");
  await ctx.memro.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(retentionRules)
      .where(eq(retentionRules.id, ruleId))
      .for("update");
    if (!before) throw notFound("retention rule");
    await tx.delete(retentionRules).where(eq(retentionRules.id, ruleId));
    await appendAudit(tx, {
      namespaceId: before.namespaceId,
      actor,
      action: "retention.delete",
      targetType: "retention_rule",
      targetId: ruleId,
      payload: { before, after: null },
    });
  });
}

export async function listRetentionRules(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
): Promise<RetentionRule[]> {
  requireOperator(actor, "viewer");
  if (!z.uuid().safeParse(namespaceId).success) throw notFound("namespace");
  return ctx.memro.db
    .select()
    .from(retentionRules)
    .where(eq(retentionRules.namespaceId, namespaceId))
    .orderBy(asc(retentionRules.createdAt));
}

export interface SweepReport {
  dryRun: boolean;
  now: Date;
  rules: { ruleId: string; action: "archive" | "erase"; matched: number; held: number }[];
  /** Ids archived (or that would be, on a dry run). */
  archived: string[];
  erased: string[];
  /** Expired memories a legal hold kept as they are. */
  held: { memoryId: string; holdId: string; ruleId: string }[];
}

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Applies the namespace's retention rules as a system action. Erase rules run first, so a
 * memory matched by both is erased. Each memory is handled on its own (an old version of a
 * fact expires while its newer version stays). Held memories are skipped and reported;
 * holds are checked again under the row lock, so a hold placed during the sweep wins.
 */
export async function sweepRetention(
  ctx: CoreContext,
  namespaceId: string,
  raw: unknown = {},
): Promise<SweepReport> {
  const opts = parseInput(sweepOptions, raw);
  const now = opts.now ?? new Date();
  const db = ctx.memro.db;
  const rules = await db.select().from(retentionRules).where(eq(retentionRules.namespaceId, namespaceId));
  rules.sort((a, b) => (a.action === b.action ? 0 : a.action === "erase" ? -1 : 1));
  const holds = await activeHolds(db, namespaceId);
  const report: SweepReport = { dryRun: opts.dryRun, now, rules: [], archived: [], erased: [], held: [] };
  const seen = new Set<string>();
  const plan: { rule: RetentionRule; ids: string[] }[] = [];
  for (const rule of rules) {
    const rows = await expired(db, rule, now);
    const ids: string[] = [];
    let held = 0;
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const hold = matchHold(holds, { ...row, namespaceId });
      if (hold) {
        held += 1;
        report.held.push({ memoryId: row.id, holdId: hold.id, ruleId: rule.id });
      } else ids.push(row.id);
    }
    report.rules.push({ ruleId: rule.id, action: rule.action, matched: ids.length + held, held });
    plan.push({ rule, ids });
  }
  if (opts.dryRun) {
    for (const { rule, ids } of plan)
      (rule.action === "erase" ? report.erased : report.archived).push(...ids);
    return report;
  }
  const actor = systemActor("retention sweep");
  for (const { rule, ids } of plan) {
    for (const batch of chunked(ids, BATCH)) {
      const done = await db.transaction((tx) => applyBatch(tx, actor, namespaceId, rule, batch, report));
      (rule.action === "erase" ? report.erased : report.archived).push(...done);
    }
  }
  if (report.archived.length || report.erased.length || report.held.length) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        namespaceId,
        actor,
        action: "retention.sweep",
        targetType: "namespace",
        targetId: namespaceId,
        payload: {
          at: now,
          rules: report.rules,
          archived: report.archived.length,
          erased: report.erased.length,
          held: report.held,
        },
      }),
    );
  }
  return report;
}

function expired(db: Executor, rule: RetentionRule, now: Date) {
  const conds = [
    eq(memories.namespaceId, rule.namespaceId),
    lt(memories.createdAt, new Date(now.getTime() - rule.keepDays * DAY_MS)),
    rule.action === "archive" ? eq(memories.status, "active") : ne(memories.contentHash, ERASED_HASH),
  ];
  if (rule.tier) conds.push(eq(memories.tier, rule.tier));
  if (rule.label) conds.push(sql`${rule.label} = any(${memories.labels})`);
  return db
    .select({ id: memories.id, subject: memories.subject, runId: memories.runId, tags: memories.tags })
    .from(memories)
    .where(and(...conds))
    .orderBy(asc(memories.createdAt));
}

/** One batch of a rule in one transaction; returns the ids it changed. */
async function applyBatch(
  tx: Executor,
  actor: Actor,
  ns: string,
  rule: RetentionRule,
  ids: string[],
  report: SweepReport,
): Promise<string[]> {
  const rows = await tx
    .select(memoryColumns())
    .from(memories)
    .where(and(eq(memories.namespaceId, ns), inArray(memories.id, ids)))
    .orderBy(asc(memories.id))
    .for("update");
  const holds: LegalHold[] = await activeHolds(tx, ns);
  const reason = `retention: older than ${rule.keepDays} days (rule ${rule.id})`;
  const todo = rows.filter((row) => {
    const stillDue = rule.action === "archive" ? row.status === "active" : row.contentHash !== ERASED_HASH;
    const hold = stillDue ? matchHold(holds, row) : undefined;
    if (hold) report.held.push({ memoryId: row.id, holdId: hold.id, ruleId: rule.id });
    return stillDue && !hold;
  });
  if (todo.length === 0) return [];
  if (rule.action === "erase") {
    const ids = todo.map((r) => r.id);
    const erased = await tombstoneMemories(tx, ns, ids);
    await erasePayloads(tx, ns, [...ids, ...erased.promotionIds], reason);
    await appendAuditMany(
      tx,
      ns,
      ids.map((id) => ({
        actor,
        action: "memory.erase",
        targetType: "memory",
        targetId: id,
        reason,
        payload: { ruleId: rule.id },
      })),
    );
    return ids;
  }
  const now = new Date();
  const after = await tx
    .update(memories)
    .set({ status: "archived", updatedAt: now })
    .where(
      inArray(
        memories.id,
        todo.map((r) => r.id),
      ),
    )
    .returning(memoryColumns());
  const byId = new Map(after.map((r) => [r.id, r]));
  await appendAuditMany(
    tx,
    ns,
    todo.map((before) => ({
      actor,
      action: "memory.archive",
      targetType: "memory",
      targetId: before.id,
      reason,
      payload: { before: snapshot(before), after: snapshot(byId.get(before.id)!) },
    })),
  );
  return todo.map((r) => r.id);
}
