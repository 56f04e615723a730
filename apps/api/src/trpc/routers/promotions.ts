import {
  approvePromotion,
  listPromotions,
  listPromotionsInput,
  proposeInput,
  proposePromotion,
  rejectPromotion,
  withdrawPromotion,
} from "@memro/core";
import { z } from "zod";
import { agentProcedure, authedProcedure, operatorProcedure, router } from "../init.js";

const out = z.unknown();
const tags = ["promotions"];
const id = z.uuid();

export const promotionsRouter = router({
  list: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/promotions", tags, summary: "Promotions (an agent sees its own)" },
    })
    .input(listPromotionsInput.extend({ namespaceId: z.uuid().optional() }))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return listPromotions(ctx.core, ctx.actor, rest, namespaceId);
    }),

  propose: agentProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/promotions",
        tags,
        summary: "Propose raising memories into a higher-trust tier",
      },
    })
    .input(proposeInput)
    .output(out)
    .mutation(({ ctx, input }) => proposePromotion(ctx.core, ctx.actor, input)),

  approve: operatorProcedure("approver")
    .meta({
      openapi: {
        method: "POST",
        path: "/promotions/{id}/approve",
        tags,
        summary: "Approve (optionally edited); operators only",
      },
    })
    .output(out)
    .input(
      z.object({
        id,
        content: z.string().min(1).max(200_000).optional(),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => approvePromotion(ctx.core, ctx.actor, input.id, input)),

  reject: operatorProcedure("approver")
    .meta({
      openapi: {
        method: "POST",
        path: "/promotions/{id}/reject",
        tags,
        summary: "Reject with a reason; operators only",
      },
    })
    .output(out)
    .input(z.object({ id, reason: z.string().min(1).max(2000) }))
    .mutation(({ ctx, input }) => rejectPromotion(ctx.core, ctx.actor, input.id, input.reason)),

  withdraw: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/promotions/{id}/withdraw",
        tags,
        summary: "The proposer withdraws its pending promotion",
      },
    })
    .input(z.object({ id, reason: z.string().max(2000).optional() }))
    .output(out)
    .mutation(({ ctx, input }) => withdrawPromotion(ctx.core, ctx.actor, input.id, input.reason)),
});
