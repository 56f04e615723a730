import { type Executor, promotions, type Tier } from "@memro/db";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";

export interface NewPromotion {
  namespaceId: string;
  kind: "gated_write" | "proposal";
  targetTier: Tier;
  proposed: Record<string, unknown>;
  sourceMemoryIds?: string[];
  runId: string | null;
  reason?: string;
}

export async function createPromotion(tx: Executor, actor: Actor, p: NewPromotion) {
  const [row] = await tx
    .insert(promotions)
    .values({
      namespaceId: p.namespaceId,
      kind: p.kind,
      targetTier: p.targetTier,
      proposed: p.proposed,
      sourceMemoryIds: p.sourceMemoryIds ?? [],
      proposerAgentId: actor.type === "agent" ? actor.agentId : null,
      runId: p.runId,
      reason: p.reason ?? null,
    })
    .returning();
  await appendAudit(tx, {
    namespaceId: p.namespaceId,
    actor,
    action: "promotion.propose",
    targetType: "promotion",
    targetId: row!.id,
    runId: p.runId,
    reason: p.reason ?? null,
    payload: { after: row! as unknown as Record<string, unknown> },
  });
  return row!;
}
