import { type Executor, entities, memories, promotions, relations } from "@memro/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import { assertNotHeld } from "../compliance/holds.js";
import { ERASED_HASH } from "../compliance/tombstone.js";
import type { CoreContext } from "../context.js";
import { conflict } from "../errors.js";
import { contentHash } from "../memory/dedup.js";
import { snapshot } from "../memory/snapshot.js";
import { storeVector } from "../memory/vector-index.js";
import type { Run } from "./access.js";
import type { Effect } from "./rollback-plan.js";
import { toColumn } from "./rollback-targets.js";

/** Fields whose restore is a content edit (a new version), not just a status change. */
const EDIT_FIELDS = new Set(["content", "data", "metadata", "tags", "labels", "importance", "visibility"]);
/** Statuses that take a memory out of the live tiers: a legal hold forbids reverting into them. */
const REMOVED = new Set(["rolled_back", "deleted", "archived"]);

export interface ApplyContext {
  ctx: CoreContext;
  tx: Executor;
  actor: Actor;
  run: Run;
  /** Embeddings of contents to restore, computed before the transaction. */
  vectors: Map<string, Float32Array>;
}

/** Undoes one effect as a new audited event (`<targetType>.rollback`, or `promotion.withdraw`). */
export async function applyEffect(a: ApplyContext, eff: Effect): Promise<void> {
  if (eff.targetType === "memory") return revertMemory(a, eff);
  if (eff.targetType === "promotion") return withdrawPromotion(a, eff);
  if (eff.targetType === "entity" || eff.targetType === "relation") return revertGraph(a, eff);
}

const audit = (a: ApplyContext, eff: Effect, action: string, before: unknown, after: unknown) =>
  appendAudit(a.tx, {
    namespaceId: a.run.namespaceId,
    actor: a.actor,
    action,
    targetType: eff.targetType,
    targetId: eff.targetId,
    runId: a.run.id,
    reason: `rollback of run ${a.run.id}`,
    payload: { revertOf: eff.seq, revertedAction: eff.action, before, after },
  });

async function revertMemory(a: ApplyContext, eff: Effect) {
  const [row] = await a.tx.select().from(memories).where(eq(memories.id, eff.targetId)).for("update");
  // An erased memory is a tombstone: nothing of it may come back (the plan skips it too).
  if (!row || row.contentHash === ERASED_HASH) return;
  const status = eff.revertTo.status;
  if (typeof status === "string" && REMOVED.has(status) && status !== row.status)
    await assertNotHeld(a.tx, row);
  const set: Partial<typeof memories.$inferInsert> = { updatedAt: new Date() };
  let edited = false;
  for (const [field, value] of Object.entries(eff.revertTo)) {
    if (field.startsWith("data.")) {
      set.data = { ...(set.data ?? row.data), [field.slice(5)]: value };
      continue;
    }
    (set as Record<string, unknown>)[field] = toColumn(field, value);
    if (EDIT_FIELDS.has(field)) edited = true;
  }
  if (edited) set.version = row.version + 1;
  const contentChanged = typeof set.content === "string" && set.content !== row.content;
  if (contentChanged) set.contentHash = contentHash(row.tier, set.content as string);
  const [after] = await a.tx.update(memories).set(set).where(eq(memories.id, row.id)).returning();
  if (contentChanged) {
    const text = set.content as string;
    const vector = a.vectors.get(text) ?? (await a.ctx.embeddings.embed([text]))[0]!;
    // The rollback's transaction took the chain head before any effect (see lockChainHead).
    await storeVector(a.tx, a.ctx.vectors, row.id, vector, a.ctx.embeddings.modelId);
  }
  await audit(a, eff, "memory.rollback", snapshot(row), snapshot(after!));
}

async function withdrawPromotion(a: ApplyContext, eff: Effect) {
  const [before] = await a.tx.select().from(promotions).where(eq(promotions.id, eff.targetId)).for("update");
  if (before?.status !== "pending") return;
  const [after] = await a.tx
    .update(promotions)
    .set({ status: "withdrawn", decidedAt: new Date(), reason: `rollback of run ${a.run.id}` })
    .where(and(eq(promotions.id, before.id), eq(promotions.status, "pending")))
    .returning();
  if (!after) throw conflict("promotion was decided during the rollback");
  await audit(a, eff, "promotion.withdraw", before, after);
}

async function revertGraph(a: ApplyContext, eff: Effect) {
  const table = eff.targetType === "entity" ? entities : relations;
  const [before] = await a.tx.select().from(table).where(eq(table.id, eff.targetId)).for("update");
  if (!before) return;
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(eff.revertTo)) set[field] = toColumn(field, value);
  if (eff.targetType === "entity") set.updatedAt = new Date();
  const [after] = await a.tx.update(table).set(set).where(eq(table.id, eff.targetId)).returning();
  await audit(a, eff, `${eff.targetType}.rollback`, before, after);
}
