import { randomUUID } from "node:crypto";
import { type ContextPackItem, checkpoints, contextPacks, runSteps, runs } from "@memro/db";
import { and, asc, desc, eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { loadRun, type Run, requireAgent } from "./access.js";
import { assemblePack } from "./pack-assemble.js";
import { TOKEN_ESTIMATE } from "./pack-budget.js";
import { deliverPackItems, packMemoryIds } from "./pack-deliver.js";
import { renderPackMarkdown } from "./pack-render.js";
import { listRunsInput, startRunInput } from "./schemas.js";

export interface ContextPack {
  id: string;
  runId: string;
  task: string;
  tokenBudget: number;
  /** Estimated tokens of the whole markdown block (header included); never above the budget. */
  tokens: number;
  /** How `tokens` is estimated. */
  tokenEstimate: string;
  items: ContextPackItem[];
  markdown: string;
  createdAt: Date;
}

function toPack(row: typeof contextPacks.$inferSelect): ContextPack {
  return {
    id: row.id,
    runId: row.runId,
    task: row.task,
    tokenBudget: row.tokenBudget,
    tokens: row.tokens,
    tokenEstimate: TOKEN_ESTIMATE,
    items: row.items,
    markdown: renderPackMarkdown(row),
    createdAt: row.createdAt,
  };
}

/**
 * Opens a run for the agent and hands it its context pack. The pack is assembled first
 * (reads only), then the run, its `run.start` event and the stored pack are written in one
 * transaction, so a run never exists without the pack it started from. The agent's reads of
 * labelled memories in the pack are logged (`context_pack`, with the run) in it too.
 */
export async function startRun(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
): Promise<{ run: Run; pack: ContextPack }> {
  const agent = requireAgent(actor, "start a run");
  const input = parseInput(startRunInput, raw);
  const assembled = await assemblePack(ctx, agent, input);
  const namespaceId = agent.namespaceId;
  return ctx.memro.db.transaction(async (tx) => {
    const headSeq = (await lockChainHead(tx, namespaceId)).seq;
    const [run] = await tx
      .insert(runs)
      .values({
        id: randomUUID(),
        namespaceId,
        agentId: agent.agentId,
        task: input.task,
        subject: input.subject ?? null,
        tags: input.tags,
        tokenBudget: input.tokenBudget,
        // Every effect of the run comes after this seq.
        startSeq: headSeq,
      })
      .returning();
    const [pack] = await tx
      .insert(contextPacks)
      .values({
        namespaceId,
        runId: run!.id,
        task: input.task,
        tokenBudget: input.tokenBudget,
        tokens: assembled.tokens,
        items: assembled.items,
      })
      .returning();
    await appendAudit(tx, {
      namespaceId,
      actor: agent,
      action: "run.start",
      targetType: "run",
      targetId: run!.id,
      runId: run!.id,
      payload: {
        after: run!,
        pack: {
          id: pack!.id,
          tokens: assembled.tokens,
          considered: assembled.considered,
          items: assembled.items.map((i) => ({ memoryId: i.memoryId, tier: i.tier, score: i.score })),
        },
      },
    });
    const items = await deliverPackItems(tx, agent, run!, pack!.items);
    return { run: run!, pack: toPack({ ...pack!, items }) };
  });
}

/**
 * The pack a run started from. When the run's agent reads it, its memories count as
 * accessed (access_count, last_accessed_at feed decay) and its reads of labelled ones are
 * logged, redacted by its clearances as the memories are labelled now; operators looking at
 * it in the console see it whole, uncounted and unlogged, as with `getMemory`.
 */
export async function getContextPack(ctx: CoreContext, actor: Actor, runId: string): Promise<ContextPack> {
  const db = ctx.memro.db;
  const run = await loadRun(db, actor, runId);
  const [row] = await db.select().from(contextPacks).where(eq(contextPacks.runId, run.id));
  if (!row) throw notFound("context pack");
  const ids = packMemoryIds(row.items);
  if (actor.type === "agent") ctx.accessCounts.record(ids);
  return toPack({ ...row, items: await deliverPackItems(db, actor, run, row.items) });
}

export interface RunDetail {
  run: Run;
  steps: (typeof runSteps.$inferSelect)[];
  checkpoints: (typeof checkpoints.$inferSelect)[];
}

/** A run with its timeline: steps and checkpoints in order. */
export async function getRun(ctx: CoreContext, actor: Actor, runId: string): Promise<RunDetail> {
  const db = ctx.memro.db;
  const run = await loadRun(db, actor, runId);
  const steps = await db.select().from(runSteps).where(eq(runSteps.runId, run.id)).orderBy(asc(runSteps.id));
  const cps = await db
    .select()
    .from(checkpoints)
    .where(eq(checkpoints.runId, run.id))
    .orderBy(asc(checkpoints.raisedSeq));
  return { run, steps, checkpoints: cps };
}

/** Newest first. Operators see every run of the namespace; an agent only its own. */
export async function listRuns(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<Run[]> {
  const input = parseInput(listRunsInput, raw ?? {});
  const ns = namespaceOf(actor, namespaceId);
  if (actor.type !== "agent") requireOperator(actor, "viewer");
  const conds = [eq(runs.namespaceId, ns)];
  if (actor.type === "agent") conds.push(eq(runs.agentId, actor.agentId));
  else if (input.agentId) conds.push(eq(runs.agentId, input.agentId));
  if (input.status) conds.push(eq(runs.status, input.status));
  return ctx.memro.db
    .select()
    .from(runs)
    .where(and(...conds))
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(input.limit);
}
