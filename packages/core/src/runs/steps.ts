import { type Executor, memories, runSteps, runs } from "@memro/db";
import { and, eq, inArray } from "drizzle-orm";
import { type Actor, systemActor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, notFound } from "../errors.js";
import { snapshot } from "../memory/snapshot.js";
import { memoryVisibility } from "../memory/visibility.js";
import { parseInput } from "../validation.js";
import { loadRun, OPEN_RUN, type Run, requireAgent } from "./access.js";
import { finishRunInput, logStepInput } from "./schemas.js";

/** The run row, locked, once the namespace's chain is held; refuses a run that is over. */
export async function lockOpenRun(tx: Executor, runId: string): Promise<Run> {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for("update");
  if (!run) throw notFound("run");
  if (!OPEN_RUN.includes(run.status)) throw conflict(`run is ${run.status}`, { status: run.status });
  return run;
}

/** Appends a step to the run's timeline (audited as `run.step`). */
export async function logStep(ctx: CoreContext, actor: Actor, runId: string, raw: unknown) {
  const agent = requireAgent(actor, "log a run step");
  const input = parseInput(logStepInput, raw);
  const run = await loadRun(ctx.memro.db, agent, runId);
  return ctx.memro.db.transaction(async (tx) => {
    await lockChainHead(tx, run.namespaceId);
    await lockOpenRun(tx, run.id);
    const [step] = await tx
      .insert(runSteps)
      .values({ runId: run.id, ...input })
      .returning();
    await appendAudit(tx, {
      namespaceId: run.namespaceId,
      actor: agent,
      action: "run.step",
      targetType: "run",
      targetId: run.id,
      runId: run.id,
      payload: { after: step! },
    });
    return step!;
  });
}

/**
 * Closes the run (finished or failed) and counts the outcome on the skills it used.
 *
 * The skill counters are system bookkeeping, not the agent writing to the skills tier: the
 * skills tier's write policy (gated by default) does not apply, the agent needs only to be
 * able to read the skill. Each count is its own audited `memory.update` by the system
 * actor with before/after and `skillOutcome` in the payload, so a rollback of the run takes
 * the count back out (a decrement, which commutes with other runs' counts) instead of
 * restoring a snapshot.
 */
export async function finishRun(ctx: CoreContext, actor: Actor, runId: string, raw: unknown) {
  const agent = requireAgent(actor, "finish a run");
  const input = parseInput(finishRunInput, raw);
  const db = ctx.memro.db;
  const loaded = await loadRun(db, agent, runId);
  const skillIds = [...new Set(input.skillIds)];
  return db.transaction(async (tx) => {
    const ns = loaded.namespaceId;
    // Skill rows before the chain, the order the memory write paths lock in.
    const visible = await memoryVisibility(tx, agent, ns);
    const skills = skillIds.length
      ? await tx
          .select()
          .from(memories)
          .where(
            and(
              visible,
              eq(memories.tier, "skills"),
              eq(memories.status, "active"),
              inArray(memories.id, skillIds),
            ),
          )
          .orderBy(memories.id)
          .for("update")
      : [];
    await lockChainHead(tx, ns);
    const before = await lockOpenRun(tx, loaded.id);
    if (skills.length !== skillIds.length) {
      const found = new Set(skills.map((s) => s.id));
      throw notFound(`skill ${skillIds.filter((id) => !found.has(id)).join(", ")}`);
    }
    const now = new Date();
    const [run] = await tx
      .update(runs)
      .set({
        status: input.outcome === "succeeded" ? "finished" : "failed",
        outcome: input.outcome,
        finishedAt: now,
      })
      .where(eq(runs.id, before.id))
      .returning();
    if (input.summary) {
      await tx.insert(runSteps).values({
        runId: before.id,
        kind: "summary",
        message: input.summary,
        data: { outcome: input.outcome },
      });
    }
    await appendAudit(tx, {
      namespaceId: ns,
      actor: agent,
      action: "run.finish",
      targetType: "run",
      targetId: before.id,
      runId: before.id,
      reason: input.summary ?? null,
      payload: { before, after: run!, skillIds },
    });
    const field = input.outcome === "succeeded" ? "successCount" : "failureCount";
    const bookkeeper = systemActor(`skill outcome of run ${before.id}`);
    for (const skill of skills) {
      const data = { ...skill.data, [field]: (Number(skill.data[field]) || 0) + 1 };
      const [after] = await tx
        .update(memories)
        .set({ data, updatedAt: now })
        .where(eq(memories.id, skill.id))
        .returning();
      await appendAudit(tx, {
        namespaceId: ns,
        actor: bookkeeper,
        action: "memory.update",
        targetType: "memory",
        targetId: skill.id,
        runId: before.id,
        reason: `skill outcome of run ${before.id}: ${input.outcome}`,
        payload: { before: snapshot(skill), after: snapshot(after!), skillOutcome: { field, delta: 1 } },
      });
    }
    return run!;
  });
}
