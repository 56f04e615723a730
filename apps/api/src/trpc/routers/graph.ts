import {
  type Actor,
  addObservations,
  addObservationsInput,
  type Core,
  createEntities,
  createEntitiesInput,
  createRelations,
  createRelationsInput,
  deleteEntities,
  deleteEntitiesInput,
  deleteObservations,
  deleteObservationsInput,
  deleteRelations,
  deleteRelationsInput,
  getEntity,
  invalidateRelation,
  invalidateRelationInput,
  listEntities,
  listEntitiesInput,
  openNodes,
  openNodesInput,
  readGraph,
  readGraphInput,
  searchNodes,
  searchNodesInput,
  traverse,
  traverseInput,
  updateEntity,
  updateEntityInput,
} from "@memro/core";
import { z } from "zod";
import { authedProcedure, router } from "../init.js";

const tags = ["graph"];
type GraphCall = (ctx: Core, actor: Actor, raw: unknown, namespaceId?: string) => Promise<unknown>;

/** Every graph service takes (ctx, actor, input, namespaceId?): one shape makes every procedure. */
function graphProcedure(method: "POST" | "PATCH", path: `/${string}`, summary: string, input: z.ZodObject) {
  return authedProcedure
    .meta({ openapi: { method, path, tags, summary } })
    .input(input.extend({ namespaceId: z.uuid().optional() }))
    .output(z.unknown());
}

const run =
  (call: GraphCall) =>
  ({ ctx, input }: { ctx: { core: Core; actor: Actor }; input: Record<string, unknown> }) => {
    const { namespaceId, ...rest } = input as { namespaceId?: string };
    return call(ctx.core, ctx.actor, rest, namespaceId);
  };

export const graphRouter = router({
  entities: graphProcedure("POST", "/graph/entities/list", "Entities, paged", listEntitiesInput).query(
    run(listEntities),
  ),
  entity: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/graph/entities/{ref}", tags, summary: "One entity by id or name" },
    })
    .input(z.object({ ref: z.string().min(1).max(500), namespaceId: z.uuid().optional() }))
    .output(z.unknown())
    .query(({ ctx, input }) => getEntity(ctx.core, ctx.actor, input.ref, input.namespaceId)),
  read: graphProcedure("POST", "/graph/read", "Visible entities and relations", readGraphInput).query(
    run(readGraph),
  ),
  search: graphProcedure(
    "POST",
    "/graph/search",
    "Match entities by name, type, alias, summary, observation",
    searchNodesInput,
  ).query(run(searchNodes)),
  open: graphProcedure("POST", "/graph/open", "Entities by name with their relations", openNodesInput).query(
    run(openNodes),
  ),
  traverse: graphProcedure(
    "POST",
    "/graph/traverse",
    "k-hop neighbourhood valid at a time",
    traverseInput,
  ).query(run(traverse)),
  createEntities: graphProcedure(
    "POST",
    "/graph/entities",
    "Create (or reuse) entities",
    createEntitiesInput,
  ).mutation(run(createEntities)),
  updateEntity: graphProcedure(
    "PATCH",
    "/graph/entities",
    "Update an entity",
    updateEntityInput as unknown as z.ZodObject,
  ).mutation(run(updateEntity)),
  addObservations: graphProcedure(
    "POST",
    "/graph/observations",
    "Add observations to entities",
    addObservationsInput,
  ).mutation(run(addObservations)),
  deleteObservations: graphProcedure(
    "POST",
    "/graph/observations/delete",
    "Remove observations",
    deleteObservationsInput,
  ).mutation(run(deleteObservations)),
  deleteEntities: graphProcedure(
    "POST",
    "/graph/entities/delete",
    "Delete entities and their relations (soft)",
    deleteEntitiesInput,
  ).mutation(run(deleteEntities)),
  createRelations: graphProcedure(
    "POST",
    "/graph/relations",
    "Create typed relations",
    createRelationsInput,
  ).mutation(run(createRelations)),
  invalidateRelation: graphProcedure(
    "POST",
    "/graph/relations/invalidate",
    "End a relation's validity now",
    invalidateRelationInput,
  ).mutation(run(invalidateRelation)),
  deleteRelations: graphProcedure(
    "POST",
    "/graph/relations/delete",
    "Delete relations (soft)",
    deleteRelationsInput,
  ).mutation(run(deleteRelations)),
});
