import { auditEvents, auditPayloads, checkpoints, type Executor } from "@memro/db";
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { ERASED_HASH } from "../compliance/tombstone.js";
import { notFound } from "../errors.js";
import type { Run } from "./access.js";
import { loadTargets, RESTORABLE, sameValue, type TargetRow, type Targets } from "./rollback-targets.js";

/**
 * How one effect is undone:
 * - `retire`: something the run created leaves the live tiers (status `rolled_back`);
 * - `restore`: the fields the event changed go back to its `before` snapshot;
 * - `unsupersede`: a knowledge version the run superseded is current again (status from
 *   `before`, valid_to and retired_at cleared); the newer version is retired by the revert
 *   of its own `memory.create`;
 * - `uncount`: a skill outcome the run counted is taken back out (a decrement);
 * - `withdraw`: a promotion the run proposed that is still pending is withdrawn.
 */
export type RevertKind = "retire" | "restore" | "unsupersede" | "uncount" | "withdraw";

export interface Effect {
  seq: number;
  action: string;
  targetType: string;
  targetId: string;
  kind: RevertKind;
  /** The state the target goes back to (for `uncount`, the counter's new value). */
  revertTo: Record<string, unknown>;
}

export interface Conflict {
  /** The run's effect that a later change sits on top of. */
  seq: number;
  action: string;
  targetType: string;
  targetId: string;
  laterSeq: number;
  laterAction: string;
  laterActorType: string;
  laterActorId: string;
  laterRunId: string | null;
}

export interface Skipped {
  seq: number;
  action: string;
  targetType: string;
  targetId: string;
  why: string;
}

export interface RollbackPlan {
  run: Run;
  afterCheckpointId: string | null;
  /** Only events with a higher seq are undone. */
  afterSeq: number;
  /** Still to undo, newest first. */
  effects: Effect[];
  conflicts: Conflict[];
  /** Events of the run that are not undone, and why (audit-only events are not listed). */
  skipped: Skipped[];
  /** Effects already undone (by an earlier rollback, or already in their reverted state). */
  alreadyReverted: number;
  targets: Targets;
}

interface EventRow {
  seq: number;
  action: string;
  targetType: string;
  targetId: string;
  actorType: string;
  actorId: string;
  runId: string | null;
  payload: Record<string, unknown> | null;
  erased: boolean;
}

/** Events that change nothing a rollback should care about. */
const NON_MUTATING = new Set(["memory.reinforce", "memory.read", "write_denied"]);
/** Targets whose events are the run's own bookkeeping, never undone as effects. */
const RUN_BOOKKEEPING = new Set(["run", "checkpoint"]);

async function runEvents(db: Executor, run: Run, afterSeq: number): Promise<EventRow[]> {
  const rows = await db
    .select({ e: auditEvents, payload: auditPayloads.payload, erasedAt: auditPayloads.erasedAt })
    .from(auditEvents)
    .leftJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
    .where(
      and(
        eq(auditEvents.namespaceId, run.namespaceId),
        eq(auditEvents.runId, run.id),
        gt(auditEvents.seq, afterSeq),
      ),
    )
    .orderBy(desc(auditEvents.seq));
  return rows.map(({ e, payload, erasedAt }) => ({
    seq: e.seq,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    actorType: e.actorType,
    actorId: e.actorId,
    runId: e.runId,
    payload: payload ?? null,
    erased: Boolean(erasedAt),
  }));
}

const snap = (p: Record<string, unknown> | null, key: "before" | "after") =>
  p?.[key] && typeof p[key] === "object" ? (p[key] as Record<string, unknown>) : null;

/** What kind of effect an event is, or why it is not one (undefined: audit-only, not listed). */
function classify(e: EventRow): { kind: RevertKind } | { skip: string } | undefined {
  const p = e.payload;
  if (p && "revertOf" in p) return undefined;
  if (p && "checkpointDecision" in p) return undefined;
  if (RUN_BOOKKEEPING.has(e.targetType) || NON_MUTATING.has(e.action) || e.action.endsWith(".read"))
    return undefined;
  if (e.targetType === "promotion")
    return e.action === "promotion.propose" ? { kind: "withdraw" } : undefined;
  if (!RESTORABLE[e.targetType]) return { skip: `no rollback for ${e.targetType} events` };
  if (e.erased || !p) return { skip: "payload erased; the change cannot be reverted" };
  if (p.skillOutcome) return { kind: "uncount" };
  if (e.action === "memory.supersede") return { kind: "unsupersede" };
  if (snap(p, "before")) return { kind: "restore" };
  if (e.action.endsWith(".create") && snap(p, "after")) return { kind: "retire" };
  return { skip: "no before snapshot; left as is" };
}

/** The fields an event changed (before ≠ after), restricted to what may be restored. */
function changedFields(targetType: string, p: Record<string, unknown>): Record<string, unknown> {
  const before = snap(p, "before") ?? {};
  const after = snap(p, "after");
  const out: Record<string, unknown> = {};
  for (const f of RESTORABLE[targetType] ?? []) {
    if (!(f in before)) continue;
    if (after && f in after && sameValue(before[f], after[f])) continue;
    out[f] = before[f];
  }
  return out;
}

function revertState(e: EventRow, kind: RevertKind, current: TargetRow | undefined): Record<string, unknown> {
  const p = e.payload ?? {};
  switch (kind) {
    case "retire":
      return { status: "rolled_back" };
    case "withdraw":
      return { status: "withdrawn" };
    case "unsupersede":
      return { status: snap(p, "before")?.status ?? "active", validTo: null, retiredAt: null };
    case "restore":
      return changedFields(e.targetType, p);
    case "uncount": {
      const { field, delta } = p.skillOutcome as { field: string; delta: number };
      const data = (current?.data ?? {}) as Record<string, unknown>;
      return { [`data.${field}`]: Math.max(0, (Number(data[field]) || 0) - (Number(delta) || 1)) };
    }
  }
}

/** The target as it will be once `revertTo` is applied (`data.x` keys set inside data). */
export function applyState(row: TargetRow, revertTo: Record<string, unknown>): TargetRow {
  const out: TargetRow = { ...row, data: { ...((row.data as Record<string, unknown>) ?? {}) } };
  for (const [f, v] of Object.entries(revertTo)) {
    if (f.startsWith("data.")) (out.data as Record<string, unknown>)[f.slice(5)] = v;
    else out[f] = v;
  }
  return out;
}

/** True when the target already is in its reverted state (nothing to write). */
function alreadyThere(kind: RevertKind, revertTo: Record<string, unknown>, current: TargetRow): boolean {
  if (kind === "uncount") return false;
  if (kind === "withdraw") return current.status !== "pending";
  return Object.entries(revertTo).every(([f, v]) => sameValue(current[f], v));
}

/**
 * Reads the run's effects from the audit log (its events after `afterSeq`, newest first),
 * what earlier rollbacks already undid (their events carry `revertOf`), the current state
 * of each target and the conflicts: a later event on the same target that is not the run's
 * own, not read-only and not skill bookkeeping (counts commute). Writes nothing.
 */
export async function planRollback(
  db: Executor,
  run: Run,
  afterCheckpointId?: string,
): Promise<RollbackPlan> {
  let afterSeq = run.startSeq;
  if (afterCheckpointId) {
    const [cp] = await db
      .select()
      .from(checkpoints)
      .where(and(eq(checkpoints.id, afterCheckpointId), eq(checkpoints.runId, run.id)));
    if (!cp) throw notFound("checkpoint of this run");
    afterSeq = cp.raisedSeq;
  }
  const events = await runEvents(db, run, afterSeq);
  const reverted = new Set(
    events
      .map((e) => e.payload?.revertOf)
      .filter((s) => s !== undefined)
      .map(Number),
  );
  const classified = events.map((e) => ({ e, c: classify(e) }));
  const targets = await loadTargets(
    db,
    classified.filter(({ c }) => c && "kind" in c).map(({ e }) => e),
  );
  const effects: Effect[] = [];
  const skipped: Skipped[] = [];
  let alreadyReverted = 0;
  // Undo is simulated newest first on a copy of each target, so an effect is judged against
  // the state the newer reverts leave, not today's (a delete then restore by the run ends deleted→active).
  const state = new Map<string, TargetRow>();
  for (const { e, c } of classified) {
    if (!c) continue;
    const ref = { seq: e.seq, action: e.action, targetType: e.targetType, targetId: e.targetId };
    if ("skip" in c) {
      skipped.push({ ...ref, why: c.skip });
      continue;
    }
    if (reverted.has(e.seq)) {
      alreadyReverted++;
      continue;
    }
    const key = `${e.targetType}:${e.targetId}`;
    const found = state.get(key) ?? targets.get(key);
    if (!found) {
      skipped.push({ ...ref, why: "target no longer exists" });
      continue;
    }
    // An erased memory stays a tombstone: no revert may touch it (its content is gone for good).
    if (e.targetType === "memory" && found.contentHash === ERASED_HASH) {
      skipped.push({ ...ref, why: "target erased; nothing to restore" });
      continue;
    }
    const current: TargetRow = { ...found, data: { ...((found.data as Record<string, unknown>) ?? {}) } };
    const revertTo = revertState(e, c.kind, current);
    if (alreadyThere(c.kind, revertTo, current)) {
      alreadyReverted++;
      continue;
    }
    state.set(key, applyState(current, revertTo));
    effects.push({ ...ref, kind: c.kind, revertTo });
  }
  const conflicts = await findConflicts(db, run, effects);
  return {
    run,
    afterCheckpointId: afterCheckpointId ?? null,
    afterSeq,
    effects,
    conflicts,
    skipped,
    alreadyReverted,
    targets,
  };
}

async function findConflicts(db: Executor, run: Run, effects: Effect[]): Promise<Conflict[]> {
  const watched = effects.filter((e) => e.kind !== "uncount" && e.kind !== "withdraw");
  if (!watched.length) return [];
  const ids = [...new Set(watched.map((e) => e.targetId))];
  const minSeq = Math.min(...watched.map((e) => e.seq));
  const later: (EventRow & { skill: boolean })[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({ e: auditEvents, payload: auditPayloads.payload })
      .from(auditEvents)
      .leftJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(
        and(
          eq(auditEvents.namespaceId, run.namespaceId),
          inArray(auditEvents.targetId, ids.slice(i, i + 500)),
          gt(auditEvents.seq, minSeq),
        ),
      )
      .orderBy(asc(auditEvents.seq));
    for (const { e, payload } of rows) {
      if (e.runId === run.id || NON_MUTATING.has(e.action) || e.action.endsWith(".read")) continue;
      later.push({ ...e, payload: payload ?? null, erased: false, skill: Boolean(payload?.skillOutcome) });
    }
  }
  const out: Conflict[] = [];
  for (const eff of watched) {
    for (const l of later) {
      if (l.targetId !== eff.targetId || l.targetType !== eff.targetType || l.seq <= eff.seq || l.skill)
        continue;
      out.push({
        seq: eff.seq,
        action: eff.action,
        targetType: eff.targetType,
        targetId: eff.targetId,
        laterSeq: l.seq,
        laterAction: l.action,
        laterActorType: l.actorType,
        laterActorId: l.actorId,
        laterRunId: l.runId,
      });
    }
  }
  return out;
}
