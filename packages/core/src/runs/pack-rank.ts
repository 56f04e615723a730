import type { ContextPackItem } from "@memro/db";
import type { SearchHit } from "../memory/search.js";
import type { Memory } from "../memory/snapshot.js";
import { capContent, itemTokens } from "./pack-budget.js";
import { jaccard, matchedTerms, wordSet } from "./pack-terms.js";

/** A pack item before the cut, with what de-duplication needs. */
export interface PackCandidate extends ContextPackItem {
  /** The memory's own text (not the rendered line), compared for near duplicates. */
  rawContent: string;
  contentHash: string | null;
  duplicateOf: string | null;
}

export interface RankContext {
  terms: string[];
  subject?: string;
  tags: string[];
  now: number;
}

/**
 * Ranking, all tiers together. Each search call normalises its own scores, so the raw
 * signals are normalised again across every hit of the task: lexical by the best ts_rank,
 * dense cosine min-max; fused half and half, then shaped by recency and importance as
 * search does. Tier factors: knowledge ×1.1 (curated facts), skills × successRate / 0.5
 * (relevance × success rate, scaled so an untried skill ranks like any other item), graph
 * ×0.9 (context around named entities, not an answer). The run's subject ×1.15, a shared
 * tag ×1.1. A hit with no shared word and a cosine under 0.8 × the best one is dropped:
 * search returns nearest neighbours even when nothing is related.
 */
const TIER_WEIGHT: Record<string, number> = { knowledge: 1.1, skills: 1, episodic: 1, vector: 1, graph: 0.9 };
const DENSE_RELATIVE_FLOOR = 0.8;
const NEAR_IDENTICAL = 0.9;

/** (success + 1) / (success + failure + 2): Laplace's rule, 0.5 for an untried skill. */
export function successRate(data: Record<string, unknown>): {
  rate: number;
  success: number;
  failure: number;
} {
  const success = Number(data.successCount ?? 0) || 0;
  const failure = Number(data.failureCount ?? 0) || 0;
  return { rate: (success + 1) / (success + failure + 2), success, failure };
}

export function rankHits(hits: SearchHit[], rc: RankContext): PackCandidate[] {
  const lexical = hits.map((h) => h.signals?.lexical ?? 0);
  const dense = hits.map((h) => h.signals?.dense ?? 0);
  const maxLex = Math.max(0, ...lexical);
  const lo = Math.min(...dense);
  const hi = Math.max(...dense);
  const out: PackCandidate[] = [];
  for (const [i, hit] of hits.entries()) {
    const m = hit.memory;
    if (lexical[i]! <= 0 && dense[i]! < DENSE_RELATIVE_FLOOR * hi) continue;
    if (m.tier === "knowledge" && m.validTo && m.validTo.getTime() <= rc.now) continue;
    const fused =
      0.5 * (maxLex > 0 ? lexical[i]! / maxLex : 0) + 0.5 * (hi > lo ? (dense[i]! - lo) / (hi - lo) : 1);
    const recency = hit.signals?.recency ?? 1;
    const relevance = fused * (0.85 + 0.15 * recency) * (0.9 + 0.2 * m.importance);
    let score = relevance * (TIER_WEIGHT[m.tier] ?? 1);
    const reasons: string[] = [];
    const matched = matchedTerms(rc.terms, m.content);
    reasons.push(
      matched.length
        ? `matching ${matched.map((t) => `'${t}'`).join(", ")}`
        : `close in meaning to the task (cosine ${dense[i]!.toFixed(2)})`,
    );
    if (m.tier === "skills") {
      const { rate, success, failure } = successRate(m.data);
      score *= rate / 0.5;
      reasons.push(
        success + failure
          ? `success rate ${rate.toFixed(2)} (${success} of ${success + failure} runs succeeded)`
          : "success rate 0.50 (untried)",
      );
    }
    if (rc.subject && m.subject === rc.subject) {
      score *= 1.15;
      reasons.push(`subject '${rc.subject}'`);
    }
    const shared = m.tags.filter((t) => rc.tags.includes(t));
    if (shared.length) {
      score *= 1.1;
      reasons.push(`tagged ${shared.join(", ")}`);
    }
    const why = `${describe(m)} ${reasons.join(", ")}`;
    const content = capContent(render(m));
    out.push({
      memoryId: m.id,
      tier: m.tier,
      score: round(score),
      tokens: itemTokens(content, why),
      why,
      content,
      rawContent: m.content,
      contentHash: m.contentHash,
      duplicateOf: m.duplicateOf,
    });
  }
  return out;
}

function describe(m: Memory): string {
  const data = m.data as Record<string, unknown>;
  switch (m.tier) {
    case "knowledge":
      return "knowledge fact";
    case "skills":
      return `skill '${String(data.name ?? "")}',`;
    case "episodic":
      return `episodic memory of ${m.validFrom.toISOString().slice(0, 10)}`;
    default:
      return typeof data.title === "string"
        ? `document '${data.title}'`
        : typeof data.source === "string"
          ? `document from ${data.source}`
          : "vector memory";
  }
}

/** The text the prompt sees: skills with their trigger and steps, episodes with their time and speaker. */
function render(m: Memory): string {
  const data = m.data as Record<string, unknown>;
  if (m.tier === "skills") {
    const steps = Array.isArray(data.steps) ? (data.steps as string[]) : [];
    const lines = [`${String(data.name ?? "skill")}: ${m.content}`];
    if (typeof data.trigger === "string" && data.trigger) lines.push(`When: ${data.trigger}`);
    if (steps.length) lines.push(`Steps: ${steps.map((s, i) => `${i + 1}. ${s}`).join(" ")}`);
    return lines.join("\n");
  }
  if (m.tier === "episodic") {
    const speaker = typeof data.speaker === "string" ? ` ${data.speaker}:` : "";
    return `[${m.validFrom.toISOString().slice(0, 16).replace("T", " ")}]${speaker} ${m.content}`;
  }
  return m.content;
}

/**
 * Best first, without repeats: the same memory id, the same content hash, a memory linked
 * as `duplicate_of` to one already kept, the same text once case, spacing and punctuation
 * are ignored (across tiers too), or near-identical text (word-set Jaccard ≥ 0.9).
 */
export function dedupe(candidates: PackCandidate[]): PackCandidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: { c: PackCandidate; words: Set<string>; norm: string }[] = [];
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const c of sorted) {
    if (ids.has(c.memoryId) || (c.contentHash && hashes.has(c.contentHash))) continue;
    if (c.duplicateOf && ids.has(c.duplicateOf)) continue;
    if (kept.some((k) => k.c.duplicateOf === c.memoryId)) continue;
    const words = wordSet(c.rawContent);
    const norm = [...(c.rawContent.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].join(" ");
    if (kept.some((k) => k.norm === norm || (words.size >= 4 && jaccard(k.words, words) >= NEAR_IDENTICAL)))
      continue;
    kept.push({ c, words, norm });
    ids.add(c.memoryId);
    if (c.contentHash) hashes.add(c.contentHash);
  }
  return kept.map((k) => k.c);
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
