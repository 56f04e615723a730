import { type ContextPackItem, type Executor, memories } from "@memro/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { clearancesFor, missingClearances } from "../compliance/clearance.js";
import { recordReadsById } from "../compliance/read-log.js";

/** Memory ids of the items (graph items cite entities, not memories). */
export const packMemoryIds = (items: ContextPackItem[]) =>
  items.filter((i) => i.tier !== "graph").map((i) => i.memoryId);

/**
 * What an agent gets of a pack's items: redacted by its clearances against the memories'
 * labels as they are now (a memory labelled after the pack was stored is hidden too), and
 * its reads of labelled memories logged `context_pack` with the run. `why` is redacted with
 * the content: it names the task terms the content matched. Operators get the items whole.
 */
export async function deliverPackItems(
  db: Executor,
  actor: Actor,
  run: { id: string; namespaceId: string },
  items: ContextPackItem[],
): Promise<ContextPackItem[]> {
  if (actor.type !== "agent") return items;
  const ids = packMemoryIds(items);
  await recordReadsById(db, { namespaceId: run.namespaceId, agentId: actor.agentId }, ids, {
    via: "context_pack",
    runId: run.id,
  });
  if (ids.length === 0) return items;
  const labelled = await db
    .select({ id: memories.id, tier: memories.tier, labels: memories.labels })
    .from(memories)
    .where(
      and(
        eq(memories.namespaceId, run.namespaceId),
        inArray(memories.id, [...new Set(ids)]),
        sql`cardinality(${memories.labels}) > 0`,
      ),
    );
  if (labelled.length === 0) return items;
  const clearances = await clearancesFor(db, actor, run.namespaceId);
  const hidden = new Map<string, string[]>();
  for (const m of labelled) {
    const missing = missingClearances(m, clearances);
    if (missing.length) hidden.set(m.id, missing);
  }
  return items.map((item) => {
    const missing = item.tier === "graph" ? undefined : hidden.get(item.memoryId);
    if (!missing) return item;
    const note = `[redacted: ${missing.join(", ")}]`;
    return { ...item, content: note, why: note };
  });
}
