import { sha256 } from "../audit/canonical.js";
import type { RowTier } from "./schemas.js";

/**
 * The rule for writes that resemble what is held (never losing data):
 * - exact duplicate (same tier, author, subject and normalised content): the existing
 *   memory is reinforced (access count, importance +0.05) and no row is added;
 * - near duplicate (cosine at or above the tier's threshold, same author and subject): the
 *   new memory is written and linked to the one it resembles through `duplicate_of`.
 * Episodic memories are events: an exact duplicate must also share the event time and
 * episode, and near duplicates are not linked (two "thanks!" are two events).
 */
export const NEAR_DUPLICATE_THRESHOLD: Record<RowTier, number> = {
  vector: 0.95,
  episodic: 1.01, // never: see above
  knowledge: 0.95,
  skills: 0.92,
};

export const REINFORCE_IMPORTANCE_STEP = 0.05;

export function contentHash(tier: string, content: string): string {
  return sha256(`${tier}\u0000${content.trim().replace(/\s+/g, " ").toLowerCase()}`);
}
