import { TIERS } from "@memro/db";
import { z } from "zod";

/** Input schemas of the compliance layer; one definition serves every transport. */

export const labelName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_.:-]+$/i, "letters, digits and _.:- only");

/** How an agent came to read a memory (the `read_access_log.via` values). */
export const READ_VIAS = ["get", "search", "context_pack", "list", "export"] as const;
export type ReadVia = (typeof READ_VIAS)[number];

const reason = z.string().trim().min(1, "a reason is required").max(2000);
const subject = z.string().trim().min(1).max(200);

export const setLabelsInput = z.strictObject({
  labels: z.array(labelName).max(20),
  reason,
});

export const readAccessQuery = z.strictObject({
  namespaceId: z.uuid(),
  memoryId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  via: z.enum(READ_VIAS).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export const retentionRuleInput = z
  .strictObject({
    namespaceId: z.uuid(),
    tier: z.enum(TIERS).optional(),
    label: labelName.optional(),
    keepDays: z.number().int().min(0).max(36500),
    action: z.enum(["archive", "erase"]),
  })
  .refine((r) => r.tier !== undefined || r.label !== undefined, {
    message: "a retention rule needs a tier, a label or both (a rule for everything is too blunt)",
  });

export const sweepOptions = z.strictObject({
  dryRun: z.boolean().default(false),
  now: z.coerce.date().optional(),
});

export const HOLD_SCOPES = ["namespace", "subject", "run", "tag"] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

export const placeHoldInput = z
  .strictObject({
    namespaceId: z.uuid(),
    scope: z.enum(HOLD_SCOPES),
    value: z.string().trim().min(1).max(200).optional(),
    reason,
  })
  .refine((h) => (h.scope === "namespace") === (h.value === undefined), {
    message: "a namespace hold takes no value; subject, run and tag holds need one",
    path: ["value"],
  })
  .refine((h) => h.scope !== "run" || z.uuid().safeParse(h.value).success, {
    message: "a run hold's value is a run id",
    path: ["value"],
  });

export const listHoldsInput = z.strictObject({
  namespaceId: z.uuid(),
  includeReleased: z.boolean().default(false),
});

export const eraseSubjectInput = z.strictObject({
  namespaceId: z.uuid(),
  subject,
  reason,
});

export const exportSubjectInput = z.strictObject({
  namespaceId: z.uuid(),
  subject,
});
