import { policies, READ_MODES, TIERS, WRITE_MODES } from "@memro/db";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { parseInput } from "../validation.js";
import { requireOperator, resolvePolicies } from "./policy.js";

export const setPolicyInput = z.strictObject({
  namespaceId: z.uuid(),
  /** null sets the namespace default. */
  agentId: z.uuid().nullable(),
  tier: z.enum(TIERS),
  read: z.enum(READ_MODES),
  write: z.enum(WRITE_MODES),
  maxMemories: z.number().int().min(0).nullable().default(null),
  writesPerMinute: z.number().int().min(0).nullable().default(null),
  clearances: z.array(z.string().min(1).max(64)).max(50).default([]),
});

export async function setPolicy(ctx: CoreContext, actor: Actor, raw: unknown) {
  requireOperator(actor, "admin");
  const input = parseInput(setPolicyInput, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const scope = and(
      eq(policies.namespaceId, input.namespaceId),
      input.agentId ? eq(policies.agentId, input.agentId) : isNull(policies.agentId),
      eq(policies.tier, input.tier),
    );
    const [before] = await tx.select().from(policies).where(scope).for("update");
    const values = { ...input, updatedAt: new Date() };
    const [after] = before
      ? await tx.update(policies).set(values).where(eq(policies.id, before.id)).returning()
      : await tx.insert(policies).values(values).returning();
    await appendAudit(tx, {
      namespaceId: input.namespaceId,
      actor,
      action: "policy.set",
      targetType: "policy",
      targetId: after!.id,
      payload: { before: before ?? null, after: after! },
    });
    return after!;
  });
}

/** The matrix the console shows: each agent's effective policy per tier. */
export async function policyMatrix(ctx: CoreContext, actor: Actor, namespaceId: string, agentIds: string[]) {
  requireOperator(actor, "viewer");
  const out: Record<string, Awaited<ReturnType<typeof resolvePolicies>>> = {};
  for (const id of agentIds) out[id] = await resolvePolicies(ctx.memro.db, namespaceId, id);
  return out;
}

/** The stored policy rows of a namespace: its defaults (agentId null) and per-agent overrides. */
export async function listPolicies(ctx: CoreContext, actor: Actor, namespaceId: string) {
  requireOperator(actor, "viewer");
  return ctx.memro.db.select().from(policies).where(eq(policies.namespaceId, namespaceId));
}
