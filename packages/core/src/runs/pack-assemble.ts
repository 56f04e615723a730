import type { ContextPackItem } from "@memro/db";
import type { CoreContext } from "../context.js";
import type { RowTier } from "../memory/schemas.js";
import { type DenseMemo, type SearchHit, searchMemories } from "../memory/search.js";
import type { AgentActor } from "./access.js";
import { graphCandidates } from "./graph-context.js";
import { cutToBudget } from "./pack-budget.js";
import { dedupe, type PackCandidate, rankHits } from "./pack-rank.js";
import { taskTerms } from "./pack-terms.js";

export interface AssembledPack {
  items: ContextPackItem[];
  tokens: number;
  /** Candidates seen before de-duplication and the cut. */
  considered: number;
}

/** One search per group, so a crowded tier cannot push the others out of the candidates. */
const TIER_GROUPS: RowTier[][] = [["knowledge"], ["skills"], ["vector", "episodic"]];

/**
 * Collects what the agent may read that bears on the task, ranks it all together,
 * de-duplicates and cuts it to the budget. Visibility and read policy come from
 * `searchMemories`, which sees only what this agent may read and never takes a memory it is
 * not cleared for as a candidate. Note that search counts its hits as accessed (decay), so a
 * run start counts them once; reading the stored pack later counts its items again
 * (`getContextPack`). Search does not log its hits as `search` reads here: only what lands
 * in the pack is logged, as `context_pack`, by `startRun`.
 */
export async function assemblePack(
  ctx: CoreContext,
  actor: AgentActor,
  input: { task: string; tokenBudget: number; subject?: string; tags: string[] },
): Promise<AssembledPack> {
  // Enough candidates to fill the budget with short items, without asking for everything.
  const k = Math.min(100, Math.max(10, Math.ceil(input.tokenBudget / 50)));
  // The groups' searches share the task's vector and nearest neighbours (one embedding, one
  // scan) and run at once: each waits on the database most of its time.
  const denseMemo: DenseMemo = new Map();
  const [graph, ...groups] = await Promise.all([
    graphCandidates(ctx, actor, input.task),
    ...TIER_GROUPS.map((tiers) =>
      searchMemories(ctx, actor, { query: input.task, k, tiers, explain: true }, undefined, {
        readLog: false,
        denseMemo,
      }),
    ),
  ]);
  const hits: SearchHit[] = groups.flat();
  const rc = { terms: taskTerms(input.task), subject: input.subject, tags: input.tags, now: Date.now() };
  const candidates: PackCandidate[] = [...rankHits(hits, rc), ...graph];
  const { items, tokens } = cutToBudget(dedupe(candidates), input.task, input.tokenBudget);
  return {
    items: items.map(({ memoryId, tier, score, tokens: t, why, content }) => ({
      memoryId,
      tier,
      score,
      tokens: t,
      why,
      content,
    })),
    tokens,
    considered: candidates.length,
  };
}
