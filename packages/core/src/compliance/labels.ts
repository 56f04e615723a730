import { memories } from "@memro/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { type Memory, memoryColumns, publicMemory, snapshot } from "../memory/snapshot.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { setLabelsInput } from "./schemas.js";

/**
 * An operator (approver or above) classifies a memory. Labels are classification, not
 * content: the row changes in place (no new version, even for knowledge), and the audit
 * event `memory.labels` keeps before/after snapshots so the change can be reverted.
 */
export async function setMemoryLabels(
  ctx: CoreContext,
  actor: Actor,
  memoryId: string,
  labels: string[],
  reason: string,
): Promise<Memory> {
  requireOperator(actor, "approver");
  if (!z.uuid().safeParse(memoryId).success) throw notFound("memory");
  const input = parseInput(setLabelsInput, { labels, reason });
  const next = [...new Set(input.labels)].sort();
  return ctx.memro.db.transaction(async (tx) => {
    const [before] = await tx
      .select(memoryColumns())
      .from(memories)
      .where(eq(memories.id, memoryId))
      .for("update");
    if (!before) throw notFound("memory");
    const [after] = await tx
      .update(memories)
      .set({ labels: next, updatedAt: new Date() })
      .where(eq(memories.id, memoryId))
      .returning(memoryColumns());
    await appendAudit(tx, {
      namespaceId: before.namespaceId,
      actor,
      action: "memory.labels",
      targetType: "memory",
      targetId: memoryId,
      reason: input.reason,
      payload: { before: snapshot(before), after: snapshot(after!) },
    });
    return publicMemory(after!);
  });
}
