import { TIERS } from "@memro/db";
import { z } from "zod";

export const tierSchema = z.enum(TIERS);
export type MemoryTier = z.infer<typeof tierSchema>;
/** Tiers stored as rows of `memories`; the graph tier lives in `entities` and `relations`. */
export const MEMORY_ROW_TIERS = ["vector", "episodic", "knowledge", "skills"] as const;
export const rowTierSchema = z.enum(MEMORY_ROW_TIERS);
export type RowTier = z.infer<typeof rowTierSchema>;

export const MAX_CONTENT_CHARS = 200_000;
/** Tags and sensitivity labels: short names, shared by every schema that takes them. */
export const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_.:-]+$/i, "letters, digits and _.:- only");
const label = labelSchema;
export const jsonObjectSchema = z.record(z.string(), z.unknown());
const jsonObject = jsonObjectSchema;

export const vectorData = z.strictObject({
  title: z.string().max(500).optional(),
  source: z.string().max(2000).optional(),
});
export const episodicData = z.strictObject({
  /** The speaker or actor of the observation, e.g. a user or tool name. */
  speaker: z.string().max(200).optional(),
  /** Conversation, session or episode key; turns of one episode are neighbours in ranking. */
  episode: z.string().max(200).optional(),
  /** Position within the episode. */
  position: z.number().int().min(0).max(1_000_000_000).optional(),
  sourceId: z.string().max(200).optional(),
});
export const knowledgeData = z.strictObject({
  subject: z.string().max(500).optional(),
  predicate: z.string().max(200).optional(),
  object: z.string().max(2000).optional(),
  source: z.string().max(2000).optional(),
});
export const skillData = z.strictObject({
  name: z.string().min(1).max(200),
  trigger: z.string().max(2000).default(""),
  steps: z.array(z.string().max(4000)).max(200).default([]),
  successCount: z.number().int().min(0).default(0),
  failureCount: z.number().int().min(0).default(0),
});

export const TIER_DATA = {
  vector: vectorData,
  episodic: episodicData,
  knowledge: knowledgeData,
  skills: skillData,
} as const;

const common = {
  content: z.string().trim().min(1, "content is empty").max(MAX_CONTENT_CHARS),
  metadata: jsonObject.default({}),
  tags: z.array(label).max(50).default([]),
  labels: z.array(label).max(20).default([]),
  subject: z.string().trim().min(1).max(200).optional(),
  runId: z.uuid().optional(),
  visibility: z.enum(["private", "shared"]).default("shared"),
  importance: z.number().min(0).max(1).default(0.5),
  validFrom: z.coerce.date().optional(),
  validTo: z.coerce.date().optional(),
};

export const writeMemoryInput = z.discriminatedUnion("tier", [
  z.strictObject({ tier: z.literal("vector"), ...common, data: vectorData.default({}) }),
  z.strictObject({ tier: z.literal("episodic"), ...common, data: episodicData.default({}) }),
  z.strictObject({ tier: z.literal("knowledge"), ...common, data: knowledgeData.default({}) }),
  z.strictObject({ tier: z.literal("skills"), ...common, data: skillData }),
]);
export type WriteMemoryInput = z.input<typeof writeMemoryInput>;
export type ParsedWrite = z.output<typeof writeMemoryInput>;

export const updateMemoryInput = z.strictObject({
  id: z.uuid(),
  content: common.content.optional(),
  data: jsonObject.optional(),
  metadata: jsonObject.optional(),
  // Plain optional arrays: an update that does not name tags or labels keeps them.
  tags: z.array(label).max(50).optional(),
  labels: z.array(label).max(20).optional(),
  importance: z.number().min(0).max(1).optional(),
  visibility: z.enum(["private", "shared"]).optional(),
  reason: z.string().max(1000).optional(),
});
export type UpdateMemoryInput = z.input<typeof updateMemoryInput>;

export const memoryFilters = z.strictObject({
  tiers: z.array(rowTierSchema).optional(),
  agentId: z.uuid().optional(),
  subject: z.string().max(200).optional(),
  runId: z.uuid().optional(),
  tags: z.array(label).optional(),
  metadata: jsonObject.optional(),
  status: z
    .array(z.enum(["active", "pending", "superseded", "archived", "rolled_back", "deleted"]))
    .optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Knowledge as it stood at this time (both time axes), instead of what is current. */
  asOf: z.coerce.date().optional(),
  episode: z.string().max(200).optional(),
});
export type MemoryFilters = z.input<typeof memoryFilters>;

/** Parses with zod and turns issues into one BAD_REQUEST with the issues attached. */
export { parseInput } from "../validation.js";
