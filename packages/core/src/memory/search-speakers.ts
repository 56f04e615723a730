import { type Executor, memories, queryRows } from "@memro/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { type Actor, actorId } from "../actor.js";

/**
 * Query analysis needs the speakers a question may name; they change slowly, so a list up to
 * TTL old is used as is, and an older one is used while a fresh one is read in the background
 * (the read scans the namespace's episodic rows: too slow for a search to wait on at 100k).
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
const MAX_SPEAKERS = 500;
const cache = new Map<string, { at: number; speakers: string[]; refreshing?: boolean }>();

const keyOf = (actor: Actor, ns: string) => `${ns}|${actor.type}:${actorId(actor)}`;

/** The last list read for this actor in this namespace, however old; undefined before the first read. */
export function cachedSpeakers(actor: Actor, ns: string): string[] | undefined {
  return cache.get(keyOf(actor, ns))?.speakers;
}

/**
 * Distinct `data.speaker` of the episodic memories this actor may see in the namespace. Cached
 * per namespace and actor (never shared across actors: the list comes from visible rows only).
 */
export async function knownSpeakers(db: Executor, actor: Actor, ns: string, visible: SQL): Promise<string[]> {
  const key = keyOf(actor, ns);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.speakers;
  if (!hit) return readSpeakers(db, key, visible);
  if (!hit.refreshing) {
    hit.refreshing = true;
    // A failed refresh keeps the old list and tries again on the next search.
    readSpeakers(db, key, visible).catch(() => {
      hit.refreshing = false;
    });
  }
  return hit.speakers;
}

async function readSpeakers(db: Executor, key: string, visible: SQL): Promise<string[]> {
  const now = Date.now();
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
