import type { CoreContext } from "../context.js";
import type { GraphRelation, TraversalNode } from "../graph/index.js";
import { matchEntities } from "../graph/match.js";
import { traverse } from "../graph/traverse.js";
import type { AgentActor } from "./access.js";
import { capContent, itemTokens } from "./pack-budget.js";
import type { PackCandidate } from "./pack-rank.js";

/** Entities named in the task are taken at most this many, longest names first. */
const MAX_NAMED = 8;
/**
 * Scores: an entity named in the task counts like a strong search hit (0.85) times the
 * graph tier factor (0.9); a neighbour one hop away half that.
 */
const NAMED_SCORE = 0.9 * 0.85;
const NEIGHBOUR_SCORE = NAMED_SCORE * 0.5;

/**
 * The graph neighbourhood (depth 1) of entities named in the task: one item per named
 * entity (its summary, observations and relations as "A —type→ B" lines) and one smaller
 * item per neighbour. `matchEntities` and `traverse` apply the agent's graph read policy,
 * so another agent's private entity or edge never shows. Items cite the entity id.
 */
export async function graphCandidates(
  ctx: CoreContext,
  actor: AgentActor,
  task: string,
): Promise<PackCandidate[]> {
  const named = await matchEntities(ctx, actor, task, { limit: MAX_NAMED });
  if (!named.length) return [];
  const hood = await traverse(ctx, actor, { start: named.map((m) => m.entity.id), depth: 1, limit: 200 });
  const matchedName = new Map(named.map((m) => [m.entity.id, m.matched]));
  const out: PackCandidate[] = [];
  for (const node of hood.nodes) {
    const isNamed = node.hops === 0;
    const edges = isNamed ? hood.edges.filter((e) => e.fromId === node.id || e.toId === node.id) : [];
    const content = capContent(render(node, edges));
    const why = isNamed
      ? `graph entity '${node.name}' named in the task (as '${matchedName.get(node.id) ?? node.name}')`
      : `graph entity '${node.name}', related to ${relatedTo(node, hood.edges, hood.nodes)}`;
    out.push({
      memoryId: node.id,
      tier: "graph",
      score: isNamed ? NAMED_SCORE : NEIGHBOUR_SCORE,
      tokens: itemTokens(content, why),
      why,
      content,
      rawContent: content,
      contentHash: null,
      duplicateOf: null,
    });
  }
  return out;
}

function render(node: TraversalNode, edges: GraphRelation[]): string {
  const lines = [`${node.name} (${node.type})${node.summary ? `: ${node.summary}` : ""}`];
  if (node.observations.length) lines.push(`Observations: ${node.observations.join("; ")}`);
  for (const e of edges) lines.push(`${e.fromName} —${e.type}→ ${e.toName}`);
  return lines.join("\n");
}

function relatedTo(node: TraversalNode, edges: GraphRelation[], nodes: TraversalNode[]): string {
  const starts = new Set(nodes.filter((n) => n.hops === 0).map((n) => n.id));
  const via = edges
    .filter(
      (e) => (e.fromId === node.id && starts.has(e.toId)) || (e.toId === node.id && starts.has(e.fromId)),
    )
    .map((e) => `'${e.fromId === node.id ? e.toName : e.fromName}' (${e.type})`);
  return [...new Set(via)].slice(0, 3).join(", ") || "a named entity";
}
