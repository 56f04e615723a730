import { memories, namespaces } from "@memro/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { systemActor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { decayFactor, decaySettings, decaySettingsSchema } from "./decay-settings.js";
import { applyStatusChange } from "./mutate.js";
import { MEMORY_ROW_TIERS } from "./schemas.js";

export interface SweepResult {
  archived: string[];
  dryRun: boolean;
}

/**
 * Archives active memories whose decay score (importance × decay factor) fell below their
 * tier's floor, each as an audited system action. Decay never deletes; `restore` brings
 * a memory back.
 */
export async function sweepDecay(
  ctx: CoreContext,
  namespaceId: string,
  opts: { dryRun?: boolean; now?: Date } = {},
): Promise<SweepResult> {
  const db = ctx.memro.db;
  const settings = await decaySettings(db, namespaceId);
  const now = (opts.now ?? new Date()).getTime();
  const archived: string[] = [];
  for (const tier of MEMORY_ROW_TIERS) {
    if (!settings[tier].halfLifeDays) continue;
    const rows = await db
      .select({
        id: memories.id,
        importance: memories.importance,
        createdAt: memories.createdAt,
        lastAccessedAt: memories.lastAccessedAt,
        accessCount: memories.accessCount,
      })
      .from(memories)
      .where(
        and(eq(memories.namespaceId, namespaceId), eq(memories.tier, tier), eq(memories.status, "active")),
      );
    for (const row of rows) {
      if (row.importance * decayFactor(row, settings[tier], now) >= settings[tier].floor) continue;
      archived.push(row.id);
      if (opts.dryRun) continue;
      await db.transaction((tx) =>
        applyStatusChange(tx, systemActor("decay sweep"), namespaceId, "archive", row.id, {
          reason: `decay score below the ${tier} floor ${settings[tier].floor}`,
        }),
      );
    }
  }
  return { archived, dryRun: Boolean(opts.dryRun) };
}

/** Admins set decay per tier; the change is audited with before and after. */
export async function setDecaySettings(ctx: CoreContext, actor: Actor, namespaceId: string, raw: unknown) {
  requireOperator(actor, "admin");
  const next = parseInput(decaySettingsSchema, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const before = await decaySettings(tx, namespaceId);
    const [ns] = await tx.select().from(namespaces).where(eq(namespaces.id, namespaceId)).for("update");
    await tx
      .update(namespaces)
      .set({ settings: { ...(ns?.settings ?? {}), decay: next } })
      .where(eq(namespaces.id, namespaceId));
    await appendAudit(tx, {
      namespaceId,
      actor,
      action: "settings.decay",
      targetType: "namespace",
      targetId: namespaceId,
      payload: { before, after: next },
    });
    return next;
  });
}
