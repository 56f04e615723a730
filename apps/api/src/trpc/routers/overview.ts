import { namespaceOverview } from "@memro/core";
import { z } from "zod";
import { operatorProcedure, router } from "../init.js";

export const overviewRouter = router({
  get: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "GET",
        path: "/overview",
        tags: ["overview"],
        summary: "NOC numbers for a namespace",
      },
    })
    .input(z.object({ namespaceId: z.uuid(), minutes: z.coerce.number().int().min(1).max(1440).default(30) }))
    .output(z.unknown())
    .query(({ ctx, input }) => namespaceOverview(ctx.core, ctx.actor, input.namespaceId, input.minutes)),
});
