import { auditEvents, auditHeads, auditPayloads, entities, memories, promotions, relations } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, asc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  addObservations,
  assertRunOpen,
  changeMemoryStatus,
  createEntities,
  createRelations,
  decideCheckpoint,
  eraseSubject,
  finishRun,
  getRun,
  invalidateRelation,
  previewRollback,
  raiseCheckpoint,
  rollbackRun,
  searchMemories,
  setPolicy,
  startRun,
  updateMemory,
  verifyChain,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

type Agent = Extract<Actor, { type: "agent" }>;

const created = (r: Awaited<ReturnType<typeof writeMemory>>) => {
  if (r.status !== "created") throw new Error(`expected created, got ${r.status}`);
  return r.memory;
};
function applied<T extends { status: string }>(r: T): Extract<T, { status: "applied" }> {
  if (r.status !== "applied") throw new Error(`expected applied, got ${r.status}`);
  return r as Extract<T, { status: "applied" }>;
}

/** The columns a rollback must bring back (bookkeeping like updated_at and access counts aside). */
const MEMORY_COLUMNS = [
  "id",
  "tier",
  "content",
  "data",
  "metadata",
  "tags",
  "labels",
  "subject",
  "authorAgentId",
  "visibility",
  "status",
  "importance",
  "version",
  "supersedes",
  "validFrom",
  "validTo",
  "retiredAt",
  "contentHash",
] as const;
const pick = <T extends Record<string, unknown>>(row: T, cols: readonly string[]) =>
  Object.fromEntries(cols.map((c) => [c, row[c]]));

describe(`run rollback on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  const db = () => h.core.memro.db;
  const headSeq = async (ns: string) =>
    (await db().select().from(auditHeads).where(eq(auditHeads.namespaceId, ns)))[0]!.seq;
  const memoryRows = async (ns: string) =>
    (await db().select().from(memories).where(eq(memories.namespaceId, ns)).orderBy(asc(memories.id))).map(
      (m) => pick(m, MEMORY_COLUMNS),
    );
  const entityRows = async (ns: string) =>
    (await db().select().from(entities).where(eq(entities.namespaceId, ns)).orderBy(asc(entities.id))).map(
      ({ updatedAt: _u, ...rest }) => rest,
    );
  const relationRows = async (ns: string) =>
    db().select().from(relations).where(eq(relations.namespaceId, ns)).orderBy(asc(relations.id));

  async function fixture() {
    const t = await tenant(h, ["alpha", "beta"]);
    const a = t.agents.alpha!;
    await setPolicy(h.core, h.admin, {
      namespaceId: t.ns.id,
      agentId: a.agentId,
      tier: "knowledge",
      read: "shared",
      write: "direct",
    });
    const fact = created(
      await writeMemory(h.core, a, {
        tier: "knowledge",
        content: "The billing API rate limit is 100 requests per minute",
        data: { subject: "billing-api", predicate: "rate limit", object: "100/min" },
      }),
    );
    const episode = created(
      await writeMemory(h.core, a, { tier: "episodic", content: "User reported billing timeouts on Monday" }),
    );
    const graph = applied(
      await createEntities(h.core, a, {
        entities: [
          { name: "Billing", type: "service", observations: ["handles invoices"] },
          { name: "Gateway", type: "service" },
        ],
      }),
    );
    const edge = applied(
      await createRelations(h.core, a, { relations: [{ from: "Billing", to: "Gateway", type: "calls" }] }),
    );
    return { ...t, a, fact, episode, billing: graph.entities[0]!.entity, edge: edge.relations[0]!.relation };
  }

  it("undoes a knowledge update, graph changes, a delete, a new memory and a pending promotion; the chain verifies", async () => {
    const f = await fixture();
    const ns = f.ns.id;
    const before = {
      memories: await memoryRows(ns),
      entities: await entityRows(ns),
      relations: await relationRows(ns),
    };
    const { run } = await startRun(h.core, f.a, { task: "Raise the billing API rate limit" });
    const runId = run.id;

    const upd = await updateMemory(
      h.core,
      f.a,
      {
        id: f.fact.id,
        content: "The billing API rate limit is 500 requests per minute",
        data: { subject: "billing-api", predicate: "rate limit", object: "500/min" },
      },
      { runId },
    );
    if (upd.status !== "applied") throw new Error("update not applied");
    const cache = applied(
      await createEntities(h.core, f.a, { entities: [{ name: "Cache", type: "service" }], runId }),
    );
    const newEdge = applied(
      await createRelations(h.core, f.a, {
        relations: [{ from: "Billing", to: "Cache", type: "uses" }],
        runId,
      }),
    );
    await invalidateRelation(h.core, f.a, { id: f.edge.id, runId });
    await addObservations(h.core, f.a, {
      observations: [{ entity: "Billing", contents: ["now cached"] }],
      runId,
    });
    await changeMemoryStatus(h.core, f.a, "delete", f.episode.id, { runId });
    const note = created(
      await writeMemory(h.core, f.a, { tier: "vector", content: "Billing rate limit raised to 500", runId }),
    );
    const gated = await writeMemory(h.core, f.a, {
      tier: "skills",
      content: "Raise a rate limit",
      data: { name: "raise-limit" },
      runId,
    });
    if (gated.status !== "pending") throw new Error("skills write should be gated");

    const preview = await previewRollback(h.core, f.a, runId);
    expect(preview.conflicts).toEqual([]);
    expect(preview.alreadyRolledBack).toBe(false);
    const seqs = preview.effects.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(new Set(preview.effects.map((e) => e.action))).toEqual(
      new Set([
        "memory.supersede",
        "memory.create",
        "memory.delete",
        "entity.create",
        "relation.create",
        "relation.invalidate",
        "entity.observe",
        "promotion.propose",
      ]),
    );
    expect(preview.effects.find((e) => e.action === "memory.delete")).toMatchObject({
      targetId: f.episode.id,
      revertTo: { status: "active" },
    });
    expect(preview.effects.find((e) => e.action === "relation.invalidate")).toMatchObject({
      revertTo: { validTo: null },
    });
    const seqAfterPreview = await headSeq(ns);

    await expect(
      rollbackRun(h.core, await operator(h, "viewer"), runId, { reason: "x" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(rollbackRun(h.core, f.agents.beta!, runId, { reason: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await headSeq(ns)).toBe(seqAfterPreview);

    const result = await rollbackRun(h.core, await operator(h, "approver"), runId, {
      reason: "limit was wrong",
    });
    expect(result).toMatchObject({ alreadyRolledBack: false, status: "rolled_back", forced: false });
    expect(result.events).toBe(preview.effects.length + 1);
    expect(await headSeq(ns)).toBe(seqAfterPreview + result.events);

    // Everything that existed before is as it was; what the run created has left the live tiers.
    const after = await memoryRows(ns);
    for (const row of before.memories) expect(after.find((m) => m.id === row.id)).toEqual(row);
    const newRows = after.filter((m) => !before.memories.some((b) => b.id === m.id));
    expect(newRows.map((m) => m.id).sort()).toEqual([upd.memory.id, note.id].sort());
    for (const row of newRows) expect(row.status).toBe("rolled_back");
    const ents = await entityRows(ns);
    for (const row of before.entities) expect(ents.find((e) => e.id === row.id)).toEqual(row);
    expect(ents.find((e) => e.id === cache.entities[0]!.entity.id)?.status).toBe("rolled_back");
    const rels = await relationRows(ns);
    for (const row of before.relations) expect(rels.find((r) => r.id === row.id)).toEqual(row);
    expect(rels.find((r) => r.id === newEdge.relations[0]!.relation.id)?.status).toBe("rolled_back");
    const [promotion] = await db().select().from(promotions).where(eq(promotions.id, gated.promotionId));
    expect(promotion!.status).toBe("withdrawn");

    const hits = await searchMemories(h.core, f.a, { query: "billing API rate limit", tiers: ["knowledge"] });
    expect(hits.map((x) => x.memory.id)).toEqual([f.fact.id]);
    expect((await getRun(h.core, f.a, runId)).run.status).toBe("rolled_back");

    // New events only, each tied to the run and saying why.
    const reverts = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns), gt(auditEvents.seq, seqAfterPreview)))
      .orderBy(asc(auditEvents.seq));
    expect(reverts.map((e) => e.runId)).toEqual(reverts.map(() => runId));
    expect(reverts.at(-1)!.action).toBe("run.rollback");
    for (const e of reverts.slice(0, -1)) expect(e.reason).toBe(`rollback of run ${runId}`);
    expect((await verifyChain(db(), ns)).ok).toBe(true);

    // Again: nothing to do, nothing written.
    const seq = await headSeq(ns);
    const again = await rollbackRun(h.core, h.admin, runId, { reason: "once more" });
    expect(again).toMatchObject({ alreadyRolledBack: true, events: 0, effects: [] });
    expect(await headSeq(ns)).toBe(seq);
    expect((await previewRollback(h.core, f.a, runId)).alreadyRolledBack).toBe(true);
  });

  it("reports later changes by others as conflicts, refuses without force, and force overrides", async () => {
    const t = await tenant(h, ["alpha", "beta"]);
    const a = t.agents.alpha!;
    const b = t.agents.beta!;
    const ns = t.ns.id;
    const doc = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Invoices are archived after 90 days" }),
    );
    const { run } = await startRun(h.core, a, { task: "Update the invoice archive policy" });
    await updateMemory(
      h.core,
      a,
      { id: doc.id, content: "Invoices are archived after 30 days" },
      { runId: run.id },
    );
    const ledger = applied(
      await createEntities(h.core, a, { entities: [{ name: "Ledger", type: "system" }], runId: run.id }),
    );
    const ledgerId = ledger.entities[0]!.entity.id;
    const untouched = created(
      await writeMemory(h.core, a, {
        tier: "episodic",
        content: "Archive policy discussed with finance",
        runId: run.id,
      }),
    );
    // Another agent adds to the run's shared entity; an operator edits the run's document.
    await addObservations(h.core, b, {
      observations: [{ entity: "Ledger", contents: ["beta uses it for reconciliation"] }],
    });
    const approver = await operator(h, "approver");
    await updateMemory(
      h.core,
      approver,
      { id: doc.id, content: "Invoices are archived after 60 days" },
      { namespaceId: ns },
    );

    const preview = await previewRollback(h.core, approver, run.id);
    expect(preview.conflicts.map((c) => [c.targetId, c.laterActorId]).sort()).toEqual(
      [
        [doc.id, (approver as { operatorId: string }).operatorId],
        [ledgerId, b.agentId],
      ].sort(),
    );
    const seq = await headSeq(ns);
    const refused = await rollbackRun(h.core, approver, run.id, { reason: "undo" }).catch((e) => e);
    expect(refused).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(refused.details.conflicts).toHaveLength(2);
    await expect(rollbackRun(h.core, a, run.id, { reason: "undo", force: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(rollbackRun(h.core, a, run.id, { reason: "undo" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await headSeq(ns)).toBe(seq);
    const [stillThere] = await db().select().from(memories).where(eq(memories.id, untouched.id));
    expect(stillThere!.status).toBe("active");

    const forced = await rollbackRun(h.core, approver, run.id, { reason: "undo", force: true });
    expect(forced).toMatchObject({ forced: true, status: "rolled_back" });
    const [restored] = await db().select().from(memories).where(eq(memories.id, doc.id));
    expect(restored).toMatchObject({ content: "Invoices are archived after 90 days", status: "active" });
    const found = await searchMemories(h.core, a, {
      query: "Invoices are archived after 90 days",
      tiers: ["vector"],
      explain: true,
    });
    expect(found[0]?.memory.id).toBe(doc.id);
    // Re-embedded with the restored content.
    expect(found[0]!.signals!.dense).toBeGreaterThan(0.99);
    const [ent] = await db().select().from(entities).where(eq(entities.id, ledgerId));
    expect(ent!.status).toBe("rolled_back");
    expect((await verifyChain(db(), ns)).ok).toBe(true);
  });

  it("rolls back only what came after a checkpoint, keeps the decision record, and takes skill counts back out", async () => {
    const t = await tenant(h, ["alpha"]);
    const a: Agent = t.agents.alpha!;
    const ns = t.ns.id;
    const skill = created(
      await writeMemory(
        h.core,
        h.admin,
        { tier: "skills", content: "Archive invoices", data: { name: "archive" } },
        { namespaceId: ns },
      ),
    );
    const old = created(
      await writeMemory(h.core, a, { tier: "episodic", content: "Invoice 4411 disputed by customer" }),
    );
    const { run } = await startRun(h.core, a, { task: "Archive last year's invoices" });
    const early = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Archive batch one prepared", runId: run.id }),
    );
    const cp = await raiseCheckpoint(h.core, a, run.id, { label: "archive batch two" });
    const decision = await decideCheckpoint(h.core, await operator(h, "approver"), cp.id, {
      decision: "approve",
    });
    const late = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Archive batch two written", runId: run.id }),
    );
    await changeMemoryStatus(h.core, a, "delete", old.id, { runId: run.id });
    await finishRun(h.core, a, run.id, { outcome: "succeeded", skillIds: [skill.id] });
    const other = (await startRun(h.core, a, { task: "Archive invoices again" })).run;
    await finishRun(h.core, a, other.id, { outcome: "succeeded", skillIds: [skill.id] });

    const status = async (id: string) => (await db().select().from(memories).where(eq(memories.id, id)))[0]!;
    const partial = await rollbackRun(h.core, a, run.id, {
      reason: "batch two was wrong",
      afterCheckpointId: cp.id,
    });
    expect(partial.afterSeq).toBe(cp.raisedSeq);
    expect(partial.conflicts).toEqual([]);
    expect((await status(late.id)).status).toBe("rolled_back");
    expect((await status(old.id)).status).toBe("active");
    expect((await status(early.id)).status).toBe("active");
    expect((await status(decision.memory.id)).status).toBe("active");
    // The other run's success still counts; this run's is taken back out.
    expect((await status(skill.id)).data).toMatchObject({ successCount: 1, failureCount: 0 });

    const full = await rollbackRun(h.core, a, run.id, { reason: "all of it" });
    expect(full.effects.map((e) => e.targetId)).toEqual([early.id]);
    expect((await status(early.id)).status).toBe("rolled_back");
    expect((await status(decision.memory.id)).status).toBe("active");
    const seq = await headSeq(ns);
    expect(await rollbackRun(h.core, a, run.id, { reason: "again" })).toMatchObject({
      alreadyRolledBack: true,
      events: 0,
    });
    expect(await headSeq(ns)).toBe(seq);
    expect((await verifyChain(db(), ns)).ok).toBe(true);
  });

  it("two rollbacks at once revert once: the second finds nothing left to do", async () => {
    const t = await tenant(h, ["alpha"]);
    const a = t.agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Write a few notes" });
    for (let i = 0; i < 3; i++) {
      await writeMemory(h.core, a, {
        tier: "vector",
        content: `note ${i} about topic ${i * 17}`,
        runId: run.id,
      });
    }
    const approver = await operator(h, "approver");
    const results = await Promise.all([
      rollbackRun(h.core, approver, run.id, { reason: "first" }),
      rollbackRun(h.core, a, run.id, { reason: "second" }),
    ]);
    expect(results.map((r) => r.events).sort()).toEqual([0, 4]);
    expect(results.filter((r) => r.alreadyRolledBack)).toHaveLength(1);
    expect((await verifyChain(db(), t.ns.id)).ok).toBe(true);
  });

  it("never brings erased content back: effects on an erased subject are skipped, the rest is undone", async () => {
    const t = await tenant(h, ["alpha", "beta"]);
    const a = t.agents.alpha!;
    const old = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Dana lives at 4 Oak Lane", subject: "dana" }),
    );
    const { run } = await startRun(h.core, a, { task: "Tidy up the contact notes" });
    applied(
      await updateMemory(h.core, a, { id: old.id, content: "Dana moved to 9 Elm Road" }, { runId: run.id }),
    );
    const phone = created(
      await writeMemory(h.core, a, {
        tier: "vector",
        content: "Dana's new phone is 555-0199",
        subject: "dana",
        runId: run.id,
      }),
    );
    const sync = created(
      await writeMemory(h.core, a, {
        tier: "vector",
        content: "Weekly sync moved to Tuesday",
        runId: run.id,
      }),
    );
    await eraseSubject(h.core, h.admin, {
      namespaceId: t.ns.id,
      subject: "dana",
      reason: "erasure request 7",
    });

    const preview = await previewRollback(h.core, h.admin, run.id);
    expect(preview.effects.map((e) => e.targetId)).toEqual([sync.id]);
    expect(preview.skipped.map((s) => [s.targetId, s.why]).sort()).toEqual(
      [
        [old.id, "payload erased; the change cannot be reverted"],
        [phone.id, "payload erased; the change cannot be reverted"],
      ].sort(),
    );
    const result = await rollbackRun(h.core, h.admin, run.id, { reason: "undo the tidy-up" });
    expect(result.events).toBe(2);
    const rows = await db()
      .select()
      .from(memories)
      .where(eq(memories.namespaceId, t.ns.id))
      .orderBy(asc(memories.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [old.id, phone.id])
      expect(byId.get(id)).toMatchObject({ content: "[erased]", status: "deleted", embedding: null });
    expect(byId.get(sync.id)?.status).toBe("rolled_back");
    const payloads = await db()
      .select({ payload: auditPayloads.payload })
      .from(auditPayloads)
      .innerJoin(auditEvents, eq(auditEvents.id, auditPayloads.eventId))
      .where(eq(auditEvents.namespaceId, t.ns.id));
    const everything = JSON.stringify([rows, payloads]);
    for (const word of ["Oak Lane", "Elm Road", "555-0199"]) expect(everything).not.toContain(word);
    expect((await verifyChain(db(), t.ns.id)).ok).toBe(true);
  });

  it("assertRunOpen: only the agent's own run, and only while it is open", async () => {
    const t = await tenant(h, ["alpha", "beta"]);
    const a = t.agents.alpha!;
    const b = t.agents.beta!;
    const { run } = await startRun(h.core, a, { task: "Write a note" });
    await expect(assertRunOpen(db(), a.agentId, t.ns.id, run.id)).resolves.toBeUndefined();
    await expect(assertRunOpen(db(), b.agentId, t.ns.id, run.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(assertRunOpen(db(), a.agentId, t.ns.id, "not-a-uuid")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const other = await tenant(h, ["alpha"]);
    await expect(assertRunOpen(db(), a.agentId, other.ns.id, run.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await rollbackRun(h.core, h.admin, run.id, { reason: "abandon" });
    await expect(assertRunOpen(db(), a.agentId, t.ns.id, run.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "run is rolled_back",
    });
    const { run: second } = await startRun(h.core, a, { task: "Write another note" });
    await finishRun(h.core, a, second.id, { outcome: "succeeded" });
    await expect(assertRunOpen(db(), a.agentId, t.ns.id, second.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "run is finished",
    });
  });
});
