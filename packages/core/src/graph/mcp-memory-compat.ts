import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { parseInput } from "../validation.js";
import { createEntities } from "./create-entities.js";
import { createRelations } from "./create-relations.js";
import { deleteEntities } from "./delete-entities.js";
import { addObservations, deleteObservations } from "./observations.js";
import { openNodes, readGraph } from "./read.js";
import { deleteRelations } from "./relation-lifecycle.js";
import { searchNodes } from "./search.js";
import type { Entity, GraphRelation, GraphView } from "./types.js";

/**
 * The nine tools of the reference MCP memory server (@modelcontextprotocol/server-memory),
 * with its input and output shapes (the tools' structuredContent), over our graph services
 * so policy, visibility and audit apply. Differences, by design: names match
 * case-insensitively; deletes are soft; a gated write adds `pendingPromotionId` to the
 * output and changes nothing until an operator approves.
 */

export const mcpEntitySchema = z.object({
  name: z.string().describe("The name of the entity"),
  entityType: z.string().describe("The type of the entity"),
  observations: z.array(z.string()).describe("An array of observation contents associated with the entity"),
});
export const mcpRelationSchema = z.object({
  from: z.string().describe("The name of the entity where the relation starts"),
  to: z.string().describe("The name of the entity where the relation ends"),
  relationType: z.string().describe("The type of the relation"),
});
export type McpEntity = z.infer<typeof mcpEntitySchema>;
export type McpRelation = z.infer<typeof mcpRelationSchema>;
export interface McpGraph {
  entities: McpEntity[];
  relations: McpRelation[];
}

export const mcpMemoryInputs = {
  create_entities: z.object({ entities: z.array(mcpEntitySchema) }),
  create_relations: z.object({ relations: z.array(mcpRelationSchema) }),
  add_observations: z.object({
    observations: z.array(
      z.object({
        entityName: z.string().describe("The name of the entity to add the observations to"),
        contents: z.array(z.string()).describe("An array of observation contents to add"),
      }),
    ),
  }),
  delete_entities: z.object({
    entityNames: z.array(z.string()).describe("An array of entity names to delete"),
  }),
  delete_observations: z.object({
    deletions: z.array(
      z.object({
        entityName: z.string().describe("The name of the entity containing the observations"),
        observations: z.array(z.string()).describe("An array of observations to delete"),
      }),
    ),
  }),
  delete_relations: z.object({
    relations: z.array(mcpRelationSchema).describe("An array of relations to delete"),
  }),
  read_graph: z.object({}),
  search_nodes: z.object({
    query: z
      .string()
      .max(2048)
      .describe("The search query to match against entity names, types, and observation content"),
  }),
  open_nodes: z.object({ names: z.array(z.string()).describe("An array of entity names to retrieve") }),
} as const;

type Pending = { pendingPromotionId?: string };
export interface McpDeleteResult extends Pending {
  success: boolean;
  message: string;
}

const toMcpEntity = (e: Entity): McpEntity => ({
  name: e.name,
  entityType: e.type,
  observations: e.observations,
});
const toMcpRelation = (r: GraphRelation): McpRelation => ({
  from: r.fromName,
  to: r.toName,
  relationType: r.type,
});
const toMcpGraph = (g: GraphView): McpGraph => ({
  entities: g.entities.map(toMcpEntity),
  relations: g.relations.map(toMcpRelation),
});
const pendingMessage = (id: string) => `Queued for operator approval (promotion ${id}); nothing changed yet`;

/** create_entities: returns only the entities that were new (an existing name is reused, as the reference skips it). */
export async function mcpCreateEntities(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<{ entities: McpEntity[] } & Pending> {
  const input = parseInput(mcpMemoryInputs.create_entities, raw);
  const result = await createEntities(
    ctx,
    actor,
    {
      entities: input.entities.map((e) => ({
        name: e.name,
        type: e.entityType,
        observations: e.observations,
      })),
    },
    namespaceId,
  );
  if (result.status === "pending") return { entities: [], pendingPromotionId: result.promotionId };
  return { entities: result.entities.filter((e) => e.created).map((e) => toMcpEntity(e.entity)) };
}

/** create_relations: unknown entity names fail (not found); only new relations are returned. */
export async function mcpCreateRelations(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<{ relations: McpRelation[] } & Pending> {
  const input = parseInput(mcpMemoryInputs.create_relations, raw);
  const result = await createRelations(
    ctx,
    actor,
    { relations: input.relations.map((r) => ({ from: r.from, to: r.to, type: r.relationType })) },
    namespaceId,
  );
  if (result.status === "pending") return { relations: [], pendingPromotionId: result.promotionId };
  return { relations: result.relations.filter((r) => r.created).map((r) => toMcpRelation(r.relation)) };
}

export async function mcpAddObservations(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<{ results: { entityName: string; addedObservations: string[] }[] } & Pending> {
  const input = parseInput(mcpMemoryInputs.add_observations, raw);
  const result = await addObservations(
    ctx,
    actor,
    { observations: input.observations.map((o) => ({ entity: o.entityName, contents: o.contents })) },
    namespaceId,
  );
  if (result.status === "pending") return { results: [], pendingPromotionId: result.promotionId };
  return { results: result.results.map((r) => ({ entityName: r.entity, addedObservations: r.added })) };
}

export async function mcpDeleteEntities(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<McpDeleteResult> {
  const input = parseInput(mcpMemoryInputs.delete_entities, raw);
  if (input.entityNames.length === 0) return { success: true, message: "Entities deleted successfully" };
  const result = await deleteEntities(ctx, actor, { entities: input.entityNames }, namespaceId);
  if (result.status === "pending") {
    return {
      success: true,
      message: pendingMessage(result.promotionId),
      pendingPromotionId: result.promotionId,
    };
  }
  const message =
    result.notFound.length === 0
      ? "Entities deleted successfully"
      : `Deleted ${result.deleted.length} of ${input.entityNames.length} entities. Not found: ${result.notFound.join(", ")}`;
  return { success: true, message };
}

export async function mcpDeleteObservations(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<McpDeleteResult> {
  const input = parseInput(mcpMemoryInputs.delete_observations, raw);
  const deletions = input.deletions.filter((d) => d.observations.length > 0);
  if (deletions.length === 0) return { success: true, message: "Observations deleted successfully" };
  const result = await deleteObservations(
    ctx,
    actor,
    { deletions: deletions.map((d) => ({ entity: d.entityName, observations: d.observations })) },
    namespaceId,
  );
  if (result.status === "pending") {
    return {
      success: true,
      message: pendingMessage(result.promotionId),
      pendingPromotionId: result.promotionId,
    };
  }
  const requested = input.deletions.reduce((n, d) => n + d.observations.length, 0);
  const deleted = result.results.reduce((n, r) => n + r.removed.length, 0);
  const message =
    deleted === requested
      ? "Observations deleted successfully"
      : `Deleted ${deleted} of ${requested} observations.` +
        (result.missingEntities.length ? ` Entities not found: ${result.missingEntities.join(", ")}` : "");
  return { success: true, message };
}

export async function mcpDeleteRelations(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<McpDeleteResult> {
  const input = parseInput(mcpMemoryInputs.delete_relations, raw);
  if (input.relations.length === 0) return { success: true, message: "Relations deleted successfully" };
  const result = await deleteRelations(
    ctx,
    actor,
    { relations: input.relations.map((r) => ({ from: r.from, to: r.to, type: r.relationType })) },
    namespaceId,
  );
  if (result.status === "pending") {
    return {
      success: true,
      message: pendingMessage(result.promotionId),
      pendingPromotionId: result.promotionId,
    };
  }
  const matched = input.relations.length - result.notFound;
  const message =
    result.notFound === 0
      ? "Relations deleted successfully"
      : `Deleted ${matched} of ${input.relations.length} relations. The rest matched nothing.`;
  return { success: true, message };
}

/** read_graph: the whole visible graph (up to 5000 entities), relations currently valid. */
export async function mcpReadGraph(
  ctx: CoreContext,
  actor: Actor,
  raw?: unknown,
  namespaceId?: string,
): Promise<McpGraph> {
  parseInput(mcpMemoryInputs.read_graph, raw ?? {});
  return toMcpGraph(await readGraph(ctx, actor, { limit: 5000 }, namespaceId));
}

export async function mcpSearchNodes(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<McpGraph> {
  const input = parseInput(mcpMemoryInputs.search_nodes, raw);
  if (!input.query.trim()) return { entities: [], relations: [] };
  return toMcpGraph(await searchNodes(ctx, actor, { query: input.query, limit: 500 }, namespaceId));
}

export async function mcpOpenNodes(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<McpGraph> {
  const input = parseInput(mcpMemoryInputs.open_nodes, raw);
  const names = input.names.filter((n) => n.trim());
  if (names.length === 0) return { entities: [], relations: [] };
  return toMcpGraph(await openNodes(ctx, actor, { names }, namespaceId));
}

type ToolRun = (ctx: CoreContext, actor: Actor, raw: unknown, namespaceId?: string) => Promise<unknown>;

/** The nine tools by their MCP names, with the reference server's hints, for an MCP host to register. */
export const MCP_MEMORY_TOOLS: Record<
  keyof typeof mcpMemoryInputs,
  { description: string; readOnly: boolean; destructive: boolean; run: ToolRun }
> = {
  create_entities: {
    description: "Create multiple new entities in the knowledge graph",
    readOnly: false,
    destructive: false,
    run: mcpCreateEntities,
  },
  create_relations: {
    description:
      "Create multiple new relations between entities in the knowledge graph. Relations should be in active voice",
    readOnly: false,
    destructive: false,
    run: mcpCreateRelations,
  },
  add_observations: {
    description: "Add new observations to existing entities in the knowledge graph",
    readOnly: false,
    destructive: false,
    run: mcpAddObservations,
  },
  delete_entities: {
    description: "Delete multiple entities and their associated relations from the knowledge graph",
    readOnly: false,
    destructive: true,
    run: mcpDeleteEntities,
  },
  delete_observations: {
    description: "Delete specific observations from entities in the knowledge graph",
    readOnly: false,
    destructive: true,
    run: mcpDeleteObservations,
  },
  delete_relations: {
    description: "Delete multiple relations from the knowledge graph",
    readOnly: false,
    destructive: true,
    run: mcpDeleteRelations,
  },
  read_graph: {
    description: "Read the entire knowledge graph",
    readOnly: true,
    destructive: false,
    run: mcpReadGraph,
  },
  search_nodes: {
    description: "Search for nodes in the knowledge graph based on a query",
    readOnly: true,
    destructive: false,
    run: mcpSearchNodes,
  },
  open_nodes: {
    description: "Open specific nodes in the knowledge graph by their names",
    readOnly: true,
    destructive: false,
    run: mcpOpenNodes,
  },
};
