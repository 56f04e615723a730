import { type Executor, namespaces } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { type RunSettings, runSettingsSchema } from "./schemas.js";

/** `namespaces.settings.runs`, with defaults for what is not set. */
export async function runSettings(db: Executor, namespaceId: string): Promise<RunSettings> {
  const [row] = await db
    .select({ settings: namespaces.settings })
    .from(namespaces)
    .where(eq(namespaces.id, namespaceId));
  const stored = (row?.settings as { runs?: unknown } | undefined)?.runs;
  const parsed = runSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : runSettingsSchema.parse({});
}

/** Admins set the run rules of a namespace; audited with before and after. */
export async function setRunSettings(ctx: CoreContext, actor: Actor, namespaceId: string, raw: unknown) {
  requireOperator(actor, "admin");
  const next = parseInput(runSettingsSchema, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const [ns] = await tx.select().from(namespaces).where(eq(namespaces.id, namespaceId)).for("update");
    const before = await runSettings(tx, namespaceId);
    await tx
      .update(namespaces)
      .set({ settings: { ...(ns?.settings ?? {}), runs: next } })
      .where(eq(namespaces.id, namespaceId));
    await appendAudit(tx, {
      namespaceId,
      actor,
      action: "settings.runs",
      targetType: "namespace",
      targetId: namespaceId,
      payload: { before, after: next },
    });
    return next;
  });
}
