import { type Executor, memories, queryRows } from "@memro/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Actor, actorId } from "../actor.js";

/** Query analysis needs the speakers a question may name; they change slowly, so a short TTL will do. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
const MAX_SPEAKERS = 500;
const cache = new Map<string, { at: number; speakers: string[] }>();

/**
 * Distinct `data.speaker` of the episodic memories this actor may see in the namespace. Cached
 * per namespace and actor (never shared across actors: the list comes from visible rows only).
 */
export async function knownSpeakers(db: Executor, actor: Actor, ns: string, visible: SQL): Promise<string[]> {
  const key = `${ns}|${actor.type}:${actorId(actor)}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.speakers;
  const rows = await queryRows<{ speaker: string }>(
    db,
    sql`select distinct ${memories.data}->>'speaker' as speaker from ${memories}
      where ${and(visible, eq(memories.tier, "episodic"), eq(memories.status, "active"))}
      and ${memories.data}->>'speaker' is not null limit ${MAX_SPEAKERS}`,
  );
  const speakers = rows.map((r) => r.speaker).filter((s) => typeof s === "string" && s.trim() !== "");
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: now, speakers });
  return speakers;
}
