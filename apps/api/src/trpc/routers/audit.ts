import {
  auditQueryInput,
  exportCheckpoint,
  listAudit,
  type SignedCheckpoint,
  verifyAgainstCheckpoint,
  verifyChain,
} from "@memro/core";
import { z } from "zod";
import { operatorProcedure, router } from "../init.js";

const out = z.unknown();
const tags = ["audit"];
const namespaceId = z.uuid();

const checkpointSchema = z.object({
  namespaceId: z.uuid(),
  seq: z.number().int().min(0),
  headHash: z.string().length(64),
  at: z.string().max(40),
  algorithm: z.literal("ed25519"),
  publicKey: z.string().max(1000),
  signature: z.string().max(200),
});

export const auditRouter = router({
  list: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "POST",
        path: "/audit/events",
        tags,
        summary: "Audit events, newest first, filterable and paged",
      },
    })
    .input(auditQueryInput.extend({ namespaceId }))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId: ns, ...rest } = input;
      return listAudit(ctx.core, ctx.actor, rest, ns);
    }),

  verify: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "GET",
        path: "/audit/verify",
        tags,
        summary: "Recompute the namespace's chain; names the first bad seq",
      },
    })
    .input(z.object({ namespaceId }))
    .output(out)
    .query(({ ctx, input }) => verifyChain(ctx.core.memro.db, input.namespaceId)),

  exportCheckpoint: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "POST",
        path: "/audit/checkpoints",
        tags,
        summary: "Sign the current chain head (Ed25519)",
      },
    })
    .input(z.object({ namespaceId }))
    .output(out)
    .mutation(({ ctx, input }) => exportCheckpoint(ctx.core, ctx.actor, input.namespaceId)),

  verifyCheckpoint: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "POST",
        path: "/audit/checkpoints/verify",
        tags,
        summary: "Prove the log was not rewritten before a checkpoint",
      },
    })
    .input(z.object({ checkpoint: checkpointSchema }))
    .output(out)
    .query(({ ctx, input }) => verifyAgainstCheckpoint(ctx.core, input.checkpoint as SignedCheckpoint)),
});
