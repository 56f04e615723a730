import { auditEvents, memories } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CoreContext,
  changeMemoryStatus,
  checkDeleteBudget,
  decideCheckpoint,
  finishRun,
  getCheckpoint,
  getMemory,
  getRun,
  listCheckpoints,
  listMemories,
  logStep,
  raiseCheckpoint,
  setRunSettings,
  startRun,
  verifyChain,
  waitForCheckpoint,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`run checkpoints on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  it("holds a waiting agent until an operator approves, then tells it in an episodic memory", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const a = agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Clean up old staging data" });
    const cp = await raiseCheckpoint(h.core, a, run.id, {
      label: "delete 40 staging rows",
      payload: { count: 40 },
    });
    expect(cp).toMatchObject({ status: "pending", raisedBy: "agent", payload: { count: 40 } });
    expect((await getRun(h.core, a, run.id)).run.status).toBe("waiting");
    const [raised] = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, cp.id), eq(auditEvents.action, "checkpoint.raise")));
    expect(raised!.seq).toBe(cp.raisedSeq);

    let settled = false;
    const waiting = waitForCheckpoint(h.core, a, cp.id, { timeoutMs: 20_000 }).then((r) => {
      settled = true;
      return r;
    });
    await sleep(400);
    expect(settled).toBe(false);

    const approver = await operator(h, "approver");
    await expect(
      decideCheckpoint(h.core, await operator(h, "viewer"), cp.id, { decision: "approve" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(decideCheckpoint(h.core, a, cp.id, { decision: "approve" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const started = Date.now();
    const [decision, result] = await Promise.all([
      decideCheckpoint(h.core, approver, cp.id, { decision: "approve", note: "go ahead" }),
      waiting,
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({
      timedOut: false,
      checkpoint: { id: cp.id, status: "approved", note: "go ahead" },
    });
    expect(decision.run.status).toBe("running");
    await expect(
      decideCheckpoint(h.core, approver, cp.id, { decision: "reject", note: "late" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const told = await getMemory(h.core, a, decision.memory.id);
    expect(told).toMatchObject({
      tier: "episodic",
      content: "Checkpoint 'delete 40 staging rows' approved by operator: go ahead",
      authorAgentId: a.agentId,
      runId: run.id,
      visibility: "private",
    });
    const listed = await listMemories(h.core, a, { runId: run.id, tiers: ["episodic"] });
    expect(listed.items.map((m) => m.id)).toContain(told.id);
    await expect(getMemory(h.core, agents.beta!, told.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCheckpoint(h.core, agents.beta!, cp.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("wakes through LISTEN/NOTIFY when the decision comes from another instance", async () => {
    const { agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Rotate the staging keys" });
    const cp = await raiseCheckpoint(h.core, a, run.id, { label: "rotate keys" });
    // Another handle on the same database: its decisions never reach this one's in-process events.
    const other: CoreContext = { ...h.core, memro: { ...h.core.memro } };
    const waiting = waitForCheckpoint(h.core, a, cp.id, { timeoutMs: 20_000 });
    await sleep(200);
    const started = Date.now();
    await decideCheckpoint(other, await operator(h, "approver"), cp.id, { decision: "approve" });
    const result = await waiting;
    expect(result).toMatchObject({ timedOut: false, checkpoint: { status: "approved" } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a rejection keeps the run running, tells the agent why, and a wait can time out", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Drop the legacy billing tables" });
    const cp = await raiseCheckpoint(h.core, a, run.id, { label: "drop tables" });
    const early = await waitForCheckpoint(h.core, a, cp.id, { timeoutMs: 150 });
    expect(early).toMatchObject({ timedOut: true, checkpoint: { status: "pending" } });

    const approver = await operator(h, "approver");
    await expect(decideCheckpoint(h.core, approver, cp.id, { decision: "reject" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const waiting = waitForCheckpoint(h.core, a, cp.id, { timeoutMs: 20_000 });
    const decision = await decideCheckpoint(h.core, approver, cp.id, {
      decision: "reject",
      note: "too risky",
    });
    expect(await waiting).toMatchObject({
      timedOut: false,
      checkpoint: { status: "rejected", note: "too risky" },
    });
    expect(decision.run.status).toBe("running");
    const told = await getMemory(h.core, a, decision.memory.id);
    expect(told.content).toBe("Checkpoint 'drop tables' rejected by operator: too risky");
    // A decided checkpoint returns at once.
    expect(await waitForCheckpoint(h.core, a, cp.id, { timeoutMs: 20_000 })).toMatchObject({
      timedOut: false,
    });
    expect((await listCheckpoints(h.core, approver, { status: "rejected" }, ns.id)).map((c) => c.id)).toEqual(
      [cp.id],
    );
    expect(await listCheckpoints(h.core, approver, { status: "pending" }, ns.id)).toEqual([]);
    expect((await listCheckpoints(h.core, a, {})).map((c) => c.id)).toEqual([cp.id]);
  });

  it("raises a policy checkpoint when a run deletes more than the namespace allows", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    await setRunSettings(h.core, h.admin, ns.id, { maxDeletesWithoutCheckpoint: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await writeMemory(h.core, a, {
        tier: "episodic",
        content: `stale staging record number ${i} for cleanup ${i * 13}`,
      });
      if (r.status === "created") ids.push(r.memory.id);
    }
    const { run } = await startRun(h.core, a, { task: "Clean up stale staging records" });
    // The delete path itself counts the run's deletes and raises the checkpoint past the limit.
    const policyCheckpoints = async () =>
      (await listCheckpoints(h.core, h.admin, { runId: run.id }, ns.id)).filter(
        (c) => c.raisedBy === "policy",
      );
    for (const [n, id] of ids.slice(0, 3).entries()) {
      await changeMemoryStatus(h.core, a, "delete", id, { runId: run.id });
      expect(await policyCheckpoints()).toHaveLength(n < 2 ? 0 : 1);
    }
    const [cp] = await policyCheckpoints();
    expect(cp).toMatchObject({ raisedBy: "policy", status: "pending", payload: { deletes: 3, limit: 2 } });
    // A further delete while it is pending is counted against the same checkpoint, not a second one.
    await changeMemoryStatus(h.core, a, "delete", ids[3]!, { runId: run.id });
    expect(await policyCheckpoints()).toHaveLength(1);
    const again = await h.core.memro.db.transaction((tx) => checkDeleteBudget(tx, run));
    expect(again.checkpoint?.id).toBe(cp!.id);
    expect((await getRun(h.core, a, run.id)).run.status).toBe("waiting");
    const [event] = await h.core.memro.db.select().from(auditEvents).where(eq(auditEvents.targetId, cp!.id));
    expect(event).toMatchObject({ action: "checkpoint.raise", actorType: "system", seq: cp!.raisedSeq });
    await decideCheckpoint(h.core, await operator(h, "approver"), cp!.id, { decision: "approve" });
    expect((await getRun(h.core, a, run.id)).run.status).toBe("running");
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("finishing a run counts its outcome on the skills it used, outside the skills write policy", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const skill = await writeMemory(
      h.core,
      h.admin,
      {
        tier: "skills",
        content: "Restart a stuck worker",
        data: { name: "restart-worker", steps: ["drain", "restart"] },
      },
      { namespaceId: ns.id },
    );
    if (skill.status !== "created") throw new Error("skill not created");
    const first = (await startRun(h.core, a, { task: "The billing worker is stuck; restart the worker" }))
      .run;
    await logStep(h.core, a, first.id, { kind: "tool", message: "drained the queue", data: { items: 3 } });
    const done = await finishRun(h.core, a, first.id, {
      outcome: "succeeded",
      summary: "worker back",
      skillIds: [skill.memory.id],
    });
    expect(done).toMatchObject({ status: "finished", outcome: "succeeded" });
    const second = (
      await startRun(h.core, a, { task: "The billing worker is stuck again; restart the worker" })
    ).run;
    await finishRun(h.core, a, second.id, { outcome: "failed", skillIds: [skill.memory.id] });
    const [row] = await h.core.memro.db.select().from(memories).where(eq(memories.id, skill.memory.id));
    expect(row!.data).toMatchObject({ successCount: 1, failureCount: 1 });
    const events = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, skill.memory.id), eq(auditEvents.action, "memory.update")))
      .orderBy(asc(auditEvents.seq));
    expect(events.map((e) => [e.actorType, e.runId])).toEqual([
      ["system", first.id],
      ["system", second.id],
    ]);
    const detail = await getRun(h.core, a, first.id);
    expect(detail.steps.map((s) => s.kind)).toEqual(["tool", "summary"]);
    await expect(finishRun(h.core, a, first.id, { outcome: "failed" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(raiseCheckpoint(h.core, a, first.id, { label: "late" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const { pack } = await startRun(h.core, a, { task: "restart the stuck worker" });
    expect(pack.items.find((i) => i.memoryId === skill.memory.id)?.why).toMatch(
      /success rate 0\.50 \(1 of 2 runs succeeded\)/,
    );
  });
});
