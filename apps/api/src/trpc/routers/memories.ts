import {
  changeMemoryStatus,
  getMemory,
  listInput,
  listMemories,
  memoryLineage,
  memoryVersions,
  searchInput,
  searchMemories,
  updateMemory,
  updateMemoryInput,
  writeMemory,
  writeMemoryInput,
} from "@memro/core";
import { z } from "zod";
import { authedProcedure, router } from "../init.js";

/** Operators name the namespace; an agent's comes from its key (a different one is "not found"). */
const ns = { namespaceId: z.uuid().optional() };
const out = z.unknown();
const tags = ["memories"];

export const memoriesRouter = router({
  write: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/memories",
        tags,
        summary: "Write a memory to a tier (policy decides: direct, gated or denied)",
      },
    })
    .input(z.object({ namespaceId: ns.namespaceId, memory: writeMemoryInput }))
    .output(out)
    .mutation(({ ctx, input }) =>
      writeMemory(ctx.core, ctx.actor, input.memory, { namespaceId: input.namespaceId }),
    ),

  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/memories/{id}", tags, summary: "Read one memory" } })
    .input(z.object({ id: z.string().max(100), ...ns }))
    .output(out)
    .query(({ ctx, input }) => getMemory(ctx.core, ctx.actor, input.id, input.namespaceId)),

  list: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/memories/list",
        tags,
        summary: "List memories with filters, newest first, paged",
      },
    })
    .input(listInput.extend(ns))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return listMemories(ctx.core, ctx.actor, rest, namespaceId);
    }),

  search: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/memories/search",
        tags,
        summary: "Hybrid search (full text + vectors), with explain",
      },
    })
    .input(searchInput.extend(ns))
    .output(out)
    .query(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return searchMemories(ctx.core, ctx.actor, rest, namespaceId);
    }),

  update: authedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/memories/{id}",
        tags,
        summary: "Update a memory (knowledge: a new superseding version)",
      },
    })
    .input(updateMemoryInput.extend(ns))
    .output(out)
    .mutation(({ ctx, input }) => {
      const { namespaceId, ...rest } = input;
      return updateMemory(ctx.core, ctx.actor, rest, { namespaceId });
    }),

  delete: authedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/memories/{id}",
        tags,
        summary: "Delete a memory (soft, audited, restorable)",
      },
    })
    .input(z.object({ id: z.string().max(100), reason: z.string().max(1000).optional(), ...ns }))
    .output(out)
    .mutation(({ ctx, input }) =>
      changeMemoryStatus(ctx.core, ctx.actor, "delete", input.id, {
        namespaceId: input.namespaceId,
        reason: input.reason,
      }),
    ),

  archive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/memories/{id}/archive", tags, summary: "Archive a memory" } })
    .input(z.object({ id: z.string().max(100), reason: z.string().max(1000).optional(), ...ns }))
    .output(out)
    .mutation(({ ctx, input }) =>
      changeMemoryStatus(ctx.core, ctx.actor, "archive", input.id, {
        namespaceId: input.namespaceId,
        reason: input.reason,
      }),
    ),

  restore: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/memories/{id}/restore",
        tags,
        summary: "Restore an archived or deleted memory",
      },
    })
    .input(z.object({ id: z.string().max(100), reason: z.string().max(1000).optional(), ...ns }))
    .output(out)
    .mutation(({ ctx, input }) =>
      changeMemoryStatus(ctx.core, ctx.actor, "restore", input.id, {
        namespaceId: input.namespaceId,
        reason: input.reason,
      }),
    ),

  versions: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/memories/{id}/versions", tags, summary: "All versions of a memory" },
    })
    .input(z.object({ id: z.string().max(100), ...ns }))
    .output(out)
    .query(({ ctx, input }) => memoryVersions(ctx.core, ctx.actor, input.id, input.namespaceId)),

  lineage: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/memories/{id}/lineage",
        tags,
        summary: "Versions, sources, promotions, run and audit trail",
      },
    })
    .input(z.object({ id: z.string().max(100), ...ns }))
    .output(out)
    .query(({ ctx, input }) => memoryLineage(ctx.core, ctx.actor, input.id, input.namespaceId)),
});
