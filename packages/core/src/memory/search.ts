import { memories } from "@memro/db";
import { and, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { decayFactor, type DecaySettings, decaySettings } from "./decay-settings.js";
import { allOf, filterConditions } from "./filters.js";
import { memoryFilters } from "./schemas.js";
import { type Memory, memoryColumns, publicMemory } from "./snapshot.js";
import { memoryVisibility } from "./visibility.js";

export const searchInput = memoryFilters.extend({
  query: z.string().trim().min(1, "query is empty").max(2000),
  k: z.number().int().min(1).max(100).default(10),
  explain: z.boolean().default(false),
});
export type SearchInput = z.input<typeof searchInput>;

export interface SearchSignals {
  lexical: number;
  dense: number;
  fused: number;
  recency: number;
  importance: number;
}
export interface SearchHit {
  memory: Memory;
  score: number;
  signals?: SearchSignals;
}

const CANDIDATES = 100;
const LEXICAL_WEIGHT = 0.5;

/** Lowercase word tokens joined as an OR query; to_tsquery('english') stems and drops stop words. */
export function orQuery(text: string): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words)].join(" | ");
}

/**
 * Hybrid search: full-text candidates (GIN, ts_rank_cd) and nearest vectors are unioned,
 * scored on both signals, fused by min-max normalisation, then shaped by recency decay
 * and importance. Only rows the actor may read are ever candidates.
 */
export async function searchMemories(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<SearchHit[]> {
  const input = parseInput(searchInput, raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const [queryVector] = await ctx.embeddings.embed([input.query]);
  const visible = await memoryVisibility(db, actor, ns);
  const where = allOf([visible, ...filterConditions(input)]);
  const tsq = orQuery(input.query);
  const tsQuery = sql`to_tsquery('english', ${tsq || "''"})`;

  const lexicalIds = tsq
    ? await db
        .select({ id: memories.id })
        .from(memories)
        .where(and(where, sql`${memories.fts} @@ ${tsQuery}`))
        .orderBy(sql`ts_rank_cd(${memories.fts}, ${tsQuery}, 32) desc`)
        .limit(CANDIDATES)
    : [];
  const denseHits = await ctx.vectors.nearest(db, ns, queryVector!, CANDIDATES * 3);
  const ids = [...new Set([...lexicalIds.map((r) => r.id), ...denseHits.map((h) => h.id)])];
  if (ids.length === 0) return [];

  const rows = await db
    .select({ row: memoryColumns(), lexical: sql<number>`ts_rank_cd(${memories.fts}, ${tsQuery}, 32)` })
    .from(memories)
    .where(and(where, inArray(memories.id, ids)));
  const dense = new Map(denseHits.map((h) => [h.id, h.similarity]));
  const missing = rows.map((r) => r.row.id).filter((id) => !dense.has(id));
  for (const [id, s] of await ctx.vectors.similarities(db, ns, queryVector!, missing)) dense.set(id, s);

  const settings = await decaySettings(db, ns);
  const lexNorm = minMax(rows.map((r) => Number(r.lexical)));
  const denseNorm = minMax(rows.map((r) => dense.get(r.row.id) ?? 0));
  const now = Date.now();
  const hits = rows.map((r, i) => {
    const fused = LEXICAL_WEIGHT * lexNorm[i]! + (1 - LEXICAL_WEIGHT) * denseNorm[i]!;
    const recency = decayFactor(r.row, settings[r.row.tier as keyof DecaySettings], now);
    // Shaping is gentle on purpose: relevance decides, recency and importance break near-ties.
    const score = fused * (0.85 + 0.15 * recency) * (0.9 + 0.2 * r.row.importance);
    const signals = {
      lexical: Number(r.lexical),
      dense: dense.get(r.row.id) ?? 0,
      fused,
      recency,
      importance: r.row.importance,
    };
    return { memory: publicMemory(r.row), score, ...(input.explain ? { signals } : {}) };
  });
  hits.sort((a, b) => b.score - a.score);
  const top = hits.slice(0, input.k);
  if (actor.type === "agent" && top.length) {
    await db.execute(sql`update memories set access_count = access_count + 1, last_accessed_at = now()
      where id in (${sql.join(top.map((h) => sql`${h.memory.id}`), sql`, `)})`);
  }
  return top;
}

function minMax(values: number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : hi > 0 ? 1 : 0));
}

