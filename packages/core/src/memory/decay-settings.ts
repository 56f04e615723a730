import { type Executor, namespaces } from "@memro/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { RowTier } from "./schemas.js";

const tierDecay = z.strictObject({
  /** Days for the decay score to halve without access; null = never decays. */
  halfLifeDays: z.number().positive().max(36500).nullable(),
  /** The sweep archives memories whose decay score falls below this. */
  floor: z.number().min(0).max(1),
});
export const decaySettingsSchema = z.strictObject({
  vector: tierDecay,
  episodic: tierDecay,
  knowledge: tierDecay,
  skills: tierDecay,
});
export type DecaySettings = z.infer<typeof decaySettingsSchema>;

export const DEFAULT_DECAY: DecaySettings = {
  vector: { halfLifeDays: 180, floor: 0.02 },
  episodic: { halfLifeDays: 14, floor: 0.05 },
  knowledge: { halfLifeDays: null, floor: 0 },
  skills: { halfLifeDays: 90, floor: 0.02 },
};

export async function decaySettings(db: Executor, namespaceId: string): Promise<DecaySettings> {
  const [row] = await db
    .select({ settings: namespaces.settings })
    .from(namespaces)
    .where(eq(namespaces.id, namespaceId));
  return decayFrom(row?.settings);
}

/** A namespace's decay settings from its stored `settings`: the defaults where it sets none. */
export function decayFrom(settings: unknown): DecaySettings {
  const stored = (settings as { decay?: Partial<DecaySettings> } | null | undefined)?.decay ?? {};
  return { ...DEFAULT_DECAY, ...stored };
}

interface Decayable {
  createdAt: Date;
  lastAccessedAt: Date | null;
  accessCount: number;
}

/**
 * 2^(-age / half-life), where age runs from the last access (reinforcement on access) and
 * each access stretches the half-life by ln(1 + accesses). 1 when the tier does not decay.
 */
export function decayFactor(m: Decayable, tier: DecaySettings[RowTier] | undefined, now: number): number {
  if (!tier?.halfLifeDays) return 1;
  const since = (m.lastAccessedAt ?? m.createdAt).getTime();
  const ageDays = Math.max(0, now - since) / 86_400_000;
  const halfLife = tier.halfLifeDays * (1 + Math.log1p(m.accessCount));
  return 2 ** (-ageDays / halfLife);
}
