import {
  decideCheckpoint,
  finishRun,
  finishRunInput,
  getCheckpoint,
  getContextPack,
  getRun,
  listCheckpoints,
  listCheckpointsInput,
  listRuns,
  listRunsInput,
  logStep,
  logStepInput,
  previewRollback,
  previewRollbackInput,
  raiseCheckpoint,
  raiseCheckpointInput,
  rollbackInput,
  rollbackRun,
  startRun,
  startRunInput,
  waitCheckpointInput,
  waitForCheckpoint,
} from "@memro/core";
import { z } from "zod";
import { agentProcedure, authedProcedure, operatorProcedure, router } from "../init.js";

const out = z.unknown();
const tags = ["runs"];
const id = z.uuid();
const ns = { namespaceId: z.uuid().optional() };

export const runsRouter = router({
  start: agentProcedure
    .meta({
      openapi: { method: "POST", path: "/runs", tags, summary: "Open a run and receive its context pack" },
    })
    .input(startRunInput)
    .output(out)
    .mutation(({ ctx, input }) => startRun(ctx.core, ctx.actor, input)),
  get: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/runs/{runId}",
        tags,
        summary: "A run with its steps and checkpoints",
      },
    })
    .input(z.object({ runId: id }))
    .output(out)
    .query(({ ctx, input }) => getRun(ctx.core, ctx.actor, input.runId)),
  list: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/runs/list",
        tags,
        summary: "Runs, newest first (an agent sees its own)",
      },
    })
    .input(listRunsInput.extend(ns))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return listRuns(ctx.core, ctx.actor, rest, namespaceId);
    }),
  pack: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/runs/{runId}/pack",
        tags,
        summary: "The context pack the run was given",
      },
    })
    .input(z.object({ runId: id }))
    .output(out)
    .query(({ ctx, input }) => getContextPack(ctx.core, ctx.actor, input.runId)),
  logStep: agentProcedure
    .meta({
      openapi: { method: "POST", path: "/runs/{runId}/steps", tags, summary: "Log a step of the run" },
    })
    .input(logStepInput.extend({ runId: id }))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { runId, ...rest } = input;
      return logStep(ctx.core, ctx.actor, runId, rest);
    }),
  finish: agentProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/runs/{runId}/finish",
        tags,
        summary: "Close the run with an outcome",
      },
    })
    .input(finishRunInput.extend({ runId: id }))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { runId, ...rest } = input;
      return finishRun(ctx.core, ctx.actor, runId, rest);
    }),
  raiseCheckpoint: agentProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/runs/{runId}/checkpoints",
        tags,
        summary: "Hold the run until an operator decides",
      },
    })
    .input(raiseCheckpointInput.extend({ runId: id }))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { runId, ...rest } = input;
      return raiseCheckpoint(ctx.core, ctx.actor, runId, rest);
    }),
  checkpoint: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/checkpoints/{checkpointId}", tags, summary: "A checkpoint (poll)" },
    })
    .input(z.object({ checkpointId: id }))
    .output(out)
    .query(({ ctx, input }) => getCheckpoint(ctx.core, ctx.actor, input.checkpointId)),
  waitCheckpoint: agentProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/checkpoints/{checkpointId}/wait",
        tags,
        summary: "Long-poll until decided or timeout",
      },
    })
    .input(waitCheckpointInput.extend({ checkpointId: id }))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { checkpointId, ...rest } = input;
      return waitForCheckpoint(ctx.core, ctx.actor, checkpointId, rest);
    }),
  checkpoints: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/checkpoints/list",
        tags,
        summary: "Checkpoints (operators: the namespace's queue)",
      },
    })
    .input(listCheckpointsInput.extend(ns))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return listCheckpoints(ctx.core, ctx.actor, rest, namespaceId);
    }),
  decideCheckpoint: operatorProcedure("approver")
    .meta({
      openapi: {
        method: "POST",
        path: "/checkpoints/{checkpointId}/decide",
        tags,
        summary: "Approve or reject (operators)",
      },
    })
    .input(
      z.object({
        checkpointId: id,
        decision: z.enum(["approve", "reject"]),
        note: z.string().max(2000).default(""),
      }),
    )
    .output(out)
    .mutation(({ ctx, input }) =>
      decideCheckpoint(ctx.core, ctx.actor, input.checkpointId, {
        decision: input.decision,
        note: input.note,
      }),
    ),
  previewRollback: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/runs/{runId}/rollback/preview",
        tags,
        summary: "Effects and conflicts of a rollback (dry run)",
      },
    })
    .input(previewRollbackInput.extend({ runId: id }))
    .output(out)
    .query(({ ctx, input }) => {
      const { runId, ...rest } = input;
      return previewRollback(ctx.core, ctx.actor, runId, rest);
    }),
  rollback: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/runs/{runId}/rollback",
        tags,
        summary: "Revert the run's memory effects as new audited events",
      },
    })
    .input(rollbackInput.extend({ runId: id }))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { runId, ...rest } = input;
      return rollbackRun(ctx.core, ctx.actor, runId, rest);
    }),
});
