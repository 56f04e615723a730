import { z } from "zod";
import { jsonObjectSchema as jsonObject, labelSchema as label } from "../memory/schemas.js";

export const DEFAULT_TOKEN_BUDGET = 2000;
export const MAX_TOKEN_BUDGET = 32000;

export const startRunInput = z.strictObject({
  task: z.string().trim().min(1, "task is empty").max(2000),
  tokenBudget: z.number().int().min(200).max(MAX_TOKEN_BUDGET).default(DEFAULT_TOKEN_BUDGET),
  subject: z.string().trim().min(1).max(200).optional(),
  tags: z.array(label).max(50).default([]),
});
export type StartRunInput = z.input<typeof startRunInput>;

export const RUN_STATUSES = ["running", "waiting", "finished", "failed", "rolled_back"] as const;

export const listRunsInput = z.strictObject({
  status: z.enum(RUN_STATUSES).optional(),
  /** Operators only: one agent's runs. */
  agentId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

export const logStepInput = z.strictObject({
  kind: z.string().trim().min(1).max(64),
  message: z.string().trim().min(1).max(4000),
  data: jsonObject.default({}),
});

export const finishRunInput = z.strictObject({
  outcome: z.enum(["succeeded", "failed"]),
  summary: z.string().trim().max(4000).optional(),
  /** Skills the run used: each gets one success or failure counted. */
  skillIds: z.array(z.uuid()).max(100).default([]),
});

export const raiseCheckpointInput = z.strictObject({
  label: z.string().trim().min(1).max(200),
  payload: jsonObject.default({}),
});

export const decideCheckpointInput = z
  .strictObject({
    decision: z.enum(["approve", "reject"]),
    note: z.string().trim().max(2000).default(""),
  })
  .refine((d) => d.decision === "approve" || d.note.length > 0, {
    message: "a rejection needs a note",
    path: ["note"],
  });

export const waitCheckpointInput = z.strictObject({
  timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
});

export const listCheckpointsInput = z.strictObject({
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  runId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const rollbackInput = z.strictObject({
  /** Revert only what the run did after this checkpoint was raised. */
  afterCheckpointId: z.uuid().optional(),
  force: z.boolean().default(false),
  reason: z.string().trim().min(1, "a rollback needs a reason").max(2000),
});

export const previewRollbackInput = z.strictObject({
  afterCheckpointId: z.uuid().optional(),
});

export const runSettingsSchema = z.strictObject({
  /** A run that deletes more memories than this gets a policy checkpoint raised. */
  maxDeletesWithoutCheckpoint: z.number().int().min(0).max(1_000_000).default(25),
});
export type RunSettings = z.output<typeof runSettingsSchema>;
