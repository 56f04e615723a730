/** Per-question retrieval metrics; gains are binary, ties were already broken by the retriever. */

/** Removes repeats keeping first occurrences, so a unit counts once at its best rank. */
export function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export function recallAt(ranked: readonly string[], gold: readonly string[], k: number): number {
  if (gold.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return gold.filter((g) => top.has(g)).length / gold.length;
}

/** 1 when every gold id is in the top k, else 0 (LongMemEval's recall_all@k). */
export function recallAllAt(ranked: readonly string[], gold: readonly string[], k: number): number {
  const top = new Set(ranked.slice(0, k));
  return gold.length > 0 && gold.every((g) => top.has(g)) ? 1 : 0;
}

/** NDCG@k with binary gains; the ideal ranking puts min(|gold|, k) hits first. */
export function ndcgAt(ranked: readonly string[], gold: readonly string[], k: number): number {
  const g = new Set(gold);
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (g.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(g.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Reciprocal rank of the first gold id within the top `depth`, 0 when none. */
export function mrr(ranked: readonly string[], gold: readonly string[], depth = 50): number {
  const g = new Set(gold);
  const i = ranked.slice(0, depth).findIndex((id) => g.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export type Scores = Record<string, number>;

export const TURN_KS = [5, 10, 25, 50] as const;

/** LoCoMo turn-level metrics: recall@5/10/25/50, ndcg@10, mrr. */
export function turnScores(ranked: readonly string[], gold: readonly string[]): Scores {
  const r = dedupe(ranked);
  const s: Scores = {};
  for (const k of TURN_KS) s[`recall@${k}`] = recallAt(r, gold, k);
  s["ndcg@10"] = ndcgAt(r, gold, 10);
  s.mrr = mrr(r, gold, 50);
  return s;
}

/**
 * LongMemEval session-level metrics: retrieved turns become their sessions,
 * de-duplicated in rank order, and the first k sessions are scored.
 */
export function sessionScores(
  rankedItems: readonly string[],
  gold: readonly string[],
  unitOf: ReadonlyMap<string, string>,
): Scores {
  const sessions = dedupe(rankedItems.map((id) => unitOf.get(id) ?? id));
  return {
    "recall_all@5": recallAllAt(sessions, gold, 5),
    "recall_all@10": recallAllAt(sessions, gold, 10),
    "ndcg@5": ndcgAt(sessions, gold, 5),
    "ndcg@10": ndcgAt(sessions, gold, 10),
  };
}

export function mean(rows: readonly Scores[]): Scores {
  const out: Scores = {};
  if (rows.length === 0) return out;
  for (const key of Object.keys(rows[0]!)) {
    out[key] = rows.reduce((acc, r) => acc + (r[key] ?? 0), 0) / rows.length;
  }
  return out;
}

export interface Scored {
  category: string;
  scores: Scores;
}

export interface Aggregate {
  /** LoCoMo's primary score (categories 1–4); for other datasets, every question. */
  primary: Scores & { n: number };
  byCategory: Record<string, Scores & { n: number }>;
}

/** Means per category, plus the primary group: LoCoMo cats 1–4 (cat 5 stays apart), else all. */
export function aggregate(rows: readonly Scored[], primary: (category: string) => boolean): Aggregate {
  const groups = new Map<string, Scores[]>();
  for (const r of rows) {
    const list = groups.get(r.category) ?? [];
    list.push(r.scores);
    groups.set(r.category, list);
  }
  const byCategory: Aggregate["byCategory"] = {};
  const cats = [...groups.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  for (const c of cats) {
    const list = groups.get(c)!;
    byCategory[c] = { ...mean(list), n: list.length };
  }
  const prim = rows.filter((r) => primary(r.category)).map((r) => r.scores);
  return { primary: { ...mean(prim), n: prim.length }, byCategory };
}

export const isLocomoPrimary = (category: string): boolean => ["1", "2", "3", "4"].includes(category);
