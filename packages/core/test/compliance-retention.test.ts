import { auditEvents, auditPayloads, memories, promotions } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvePromotion,
  changeMemoryStatus,
  eraseSubject,
  getMemory,
  listHolds,
  listRetentionRules,
  placeHold,
  releaseHold,
  rollbackRun,
  searchMemories,
  setPolicy,
  setRetentionRule,
  startRun,
  sweepRetention,
  verifyChain,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

const created = (r: Awaited<ReturnType<typeof writeMemory>>) => {
  if (r.status !== "created") throw new Error(`expected created, got ${r.status}`);
  return r.memory;
};
const DAY = 86_400_000;

describe(`compliance: retention and legal holds on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  const actions = async (ns: string) =>
    (
      await h.core.memro.db
        .select({ action: auditEvents.action, targetId: auditEvents.targetId, reason: auditEvents.reason })
        .from(auditEvents)
        .where(eq(auditEvents.namespaceId, ns))
    ).map((e) => e);
  const row = async (id: string) =>
    (await h.core.memro.db.select().from(memories).where(eq(memories.id, id)))[0]!;

  it("sweeps retention: dry run changes nothing, then archives and erases what expired, skipping held memories", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const note = created(
      await writeMemory(h.core, a, {
        tier: "episodic",
        content: "User said the parcel arrived damaged",
        data: { episode: "c1", position: 0 },
      }),
    );
    const card = created(
      await writeMemory(h.core, a, {
        tier: "vector",
        content: "Card on file: 4111 1111 1111 1111",
        labels: ["pci"],
      }),
    );
    const heldCard = created(
      await writeMemory(h.core, a, {
        tier: "vector",
        content: "Card on file: 5500 0000 0000 0004",
        labels: ["pci"],
        tags: ["case-77"],
      }),
    );
    const keep = created(await writeMemory(h.core, a, { tier: "vector", content: "Office opens at nine" }));

    const admin = h.admin;
    const approver = await operator(h, "approver");
    await expect(
      setRetentionRule(h.core, approver, {
        namespaceId: ns.id,
        tier: "episodic",
        keepDays: 30,
        action: "archive",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      setRetentionRule(h.core, admin, { namespaceId: ns.id, keepDays: 30, action: "archive" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await setRetentionRule(h.core, admin, {
      namespaceId: ns.id,
      tier: "episodic",
      keepDays: 30,
      action: "archive",
    });
    await setRetentionRule(h.core, admin, {
      namespaceId: ns.id,
      label: "pci",
      keepDays: 7,
      action: "archive",
    });
    // Setting the same (tier, label) again replaces the rule.
    const pci = await setRetentionRule(h.core, admin, {
      namespaceId: ns.id,
      label: "pci",
      keepDays: 7,
      action: "erase",
    });
    expect((await listRetentionRules(h.core, admin, ns.id)).map((r) => r.action).sort()).toEqual([
      "archive",
      "erase",
    ]);
    const hold = await placeHold(h.core, admin, {
      namespaceId: ns.id,
      scope: "tag",
      value: "case-77",
      reason: "litigation 77",
    });

    // Nothing is old enough yet.
    const early = await sweepRetention(h.core, ns.id, { dryRun: true, now: new Date(Date.now() + 3 * DAY) });
    expect([...early.archived, ...early.erased]).toEqual([]);

    const eventsBefore = (await actions(ns.id)).length;
    const later = new Date(Date.now() + 40 * DAY);
    const dry = await sweepRetention(h.core, ns.id, { dryRun: true, now: later });
    expect(dry.dryRun).toBe(true);
    expect(dry.archived).toEqual([note.id]);
    expect(dry.erased).toEqual([card.id]);
    expect(dry.held).toEqual([{ memoryId: heldCard.id, holdId: hold.id, ruleId: pci.id }]);
    expect((await actions(ns.id)).length).toBe(eventsBefore);
    expect((await row(note.id)).status).toBe("active");
    expect((await row(card.id)).content).toContain("4111");

    const done = await sweepRetention(h.core, ns.id, { now: later });
    expect(done.archived).toEqual([note.id]);
    expect(done.erased).toEqual([card.id]);
    expect(done.held.map((x) => x.memoryId)).toEqual([heldCard.id]);
    expect((await row(note.id)).status).toBe("archived");
    const erased = await row(card.id);
    expect(erased).toMatchObject({
      content: "[erased]",
      status: "deleted",
      data: {},
      metadata: {},
      embedding: null,
    });
    expect(erased.labels).toEqual(["pci"]);
    expect((await row(heldCard.id)).content).toContain("5500");
    expect((await row(keep.id)).status).toBe("active");
    const log = await actions(ns.id);
    expect(log.find((e) => e.action === "memory.archive" && e.targetId === note.id)?.reason).toMatch(
      /^retention/,
    );
    expect(log.find((e) => e.action === "memory.erase" && e.targetId === card.id)).toBeTruthy();
    expect(log.filter((e) => e.action === "retention.sweep")).toHaveLength(1);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);

    // A second sweep has nothing left to do but the held memory.
    const again = await sweepRetention(h.core, ns.id, { now: later });
    expect([...again.archived, ...again.erased]).toEqual([]);
    expect(again.held.map((x) => x.memoryId)).toEqual([heldCard.id]);
  });

  it("a legal hold blocks delete, subject erasure and retention expiry, each refusal audited; release lifts it", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const m = created(
      await writeMemory(h.core, a, {
        tier: "vector",
        content: "Contract dispute notes for Northwind",
        subject: "northwind",
      }),
    );
    const admin = h.admin;
    const approver = await operator(h, "approver");
    await expect(
      placeHold(h.core, approver, { namespaceId: ns.id, scope: "subject", value: "northwind", reason: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      placeHold(h.core, admin, { namespaceId: ns.id, scope: "subject", reason: "no value" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const hold = await placeHold(h.core, admin, {
      namespaceId: ns.id,
      scope: "subject",
      value: "northwind",
      reason: "Northwind v. Contoso",
    });
    expect((await listHolds(h.core, approver, { namespaceId: ns.id })).map((x) => x.id)).toEqual([hold.id]);

    const message = `held by legal hold ${hold.id}: Northwind v. Contoso`;
    await expect(changeMemoryStatus(h.core, a, "delete", m.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message,
    });
    await expect(
      changeMemoryStatus(h.core, admin, "delete", m.id, { namespaceId: ns.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      eraseSubject(h.core, admin, { namespaceId: ns.id, subject: "northwind", reason: "erasure request 5" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message });
    await setRetentionRule(h.core, admin, {
      namespaceId: ns.id,
      tier: "vector",
      keepDays: 1,
      action: "erase",
    });
    const sweep = await sweepRetention(h.core, ns.id, { now: new Date(Date.now() + 5 * DAY) });
    expect(sweep.erased).toEqual([]);
    expect(sweep.held).toEqual([expect.objectContaining({ memoryId: m.id, holdId: hold.id })]);

    const current = await getMemory(h.core, admin, m.id, ns.id);
    expect(current).toMatchObject({ status: "active", content: "Contract dispute notes for Northwind" });
    const blocked = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "hold.blocked")));
    expect(blocked.map((e) => e.actorType).sort()).toEqual(["agent", "operator", "operator"]);
    expect(blocked.filter((e) => e.targetId === m.id)).toHaveLength(2);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);

    await expect(releaseHold(h.core, approver, hold.id, "settled")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await releaseHold(h.core, admin, hold.id, "settled");
    await expect(releaseHold(h.core, admin, hold.id, "again")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listHolds(h.core, admin, { namespaceId: ns.id })).toEqual([]);
    expect(await listHolds(h.core, admin, { namespaceId: ns.id, includeReleased: true })).toHaveLength(1);
    const deleted = await changeMemoryStatus(h.core, a, "delete", m.id);
    expect(deleted.status).toBe("applied");
  });

  it("namespace and run holds cover every memory in their scope", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Summarise the quarter" });
    const inRun = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Q3 revenue grew 4%", runId: run.id }),
    );
    const outside = created(await writeMemory(h.core, a, { tier: "vector", content: "Q2 revenue was flat" }));
    const runHold = await placeHold(h.core, h.admin, {
      namespaceId: ns.id,
      scope: "run",
      value: run.id,
      reason: "audit of run",
    });
    await expect(changeMemoryStatus(h.core, a, "delete", inRun.id)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await changeMemoryStatus(h.core, a, "delete", outside.id)).status).toBe("applied");
    await releaseHold(h.core, h.admin, runHold.id, "done");
    await placeHold(h.core, h.admin, { namespaceId: ns.id, scope: "namespace", reason: "regulator freeze" });
    await expect(changeMemoryStatus(h.core, a, "delete", inRun.id)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const ids = [inRun.id, outside.id];
    const rows = await h.core.memro.db.select().from(memories).where(inArray(memories.id, ids));
    expect(rows.find((r) => r.id === inRun.id)?.status).toBe("active");
  });

  // A rollback must not take a held memory out of existence.
  it("a legal hold blocks a rollback that would remove a held memory", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const { run } = await startRun(h.core, a, { task: "Record the incident" });
    const m = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Incident 9: db failover", runId: run.id }),
    );
    await placeHold(h.core, h.admin, {
      namespaceId: ns.id,
      scope: "run",
      value: run.id,
      reason: "incident review",
    });
    await expect(rollbackRun(h.core, h.admin, run.id, { reason: "undo the run" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await row(m.id)).status).toBe("active");
    const blocked = (await actions(ns.id)).filter((e) => e.action === "hold.blocked");
    expect(blocked).toEqual([expect.objectContaining({ targetId: m.id })]);
    const [payload] = await h.core.memro.db
      .select({ payload: auditPayloads.payload })
      .from(auditPayloads)
      .innerJoin(auditEvents, eq(auditEvents.id, auditPayloads.eventId))
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "hold.blocked")));
    expect(payload?.payload).toMatchObject({ attempted: "run.rollback" });
    // Nothing of the refused rollback was written; the run is untouched.
    expect((await actions(ns.id)).filter((e) => e.action.endsWith(".rollback"))).toEqual([]);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("approving a gated delete of a held memory is refused and audited; the promotion stays pending", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const m = created(
      await writeMemory(h.core, a, { tier: "vector", content: "Board minutes of March", subject: "board" }),
    );
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: a.agentId,
      tier: "vector",
      read: "shared",
      write: "gated",
    });
    const gated = await changeMemoryStatus(h.core, a, "delete", m.id);
    if (gated.status !== "pending") throw new Error(`expected pending, got ${gated.status}`);
    const hold = await placeHold(h.core, h.admin, {
      namespaceId: ns.id,
      scope: "subject",
      value: "board",
      reason: "shareholder suit",
    });
    const approver = await operator(h, "approver");
    await expect(approvePromotion(h.core, approver, gated.promotionId)).rejects.toMatchObject({
      code: "CONFLICT",
      message: `held by legal hold ${hold.id}: shareholder suit`,
    });
    expect((await row(m.id)).status).toBe("active");
    const [p] = await h.core.memro.db.select().from(promotions).where(eq(promotions.id, gated.promotionId));
    expect(p?.status).toBe("pending");
    const blocked = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "hold.blocked")));
    expect(blocked).toEqual([expect.objectContaining({ actorType: "operator", targetId: m.id })]);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("after a subject erasure, no search finds the subject by its erased words, deleted rows included", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const words = "Marguerite Okonkwo-Lindqvist allergy to penicillin, ward 7B";
    const m = created(
      await writeMemory(h.core, a, { tier: "vector", content: words, subject: "marguerite" }),
    );
    created(
      await writeMemory(h.core, a, { tier: "vector", content: "The cafeteria closes at 8pm on weekdays" }),
    );
    // Search first: on PostgreSQL without pgvector this loads the vector into the exact cache.
    const found = await searchMemories(h.core, h.admin, { query: words, k: 5 }, ns.id);
    expect(found[0]?.memory.id).toBe(m.id);
    await eraseSubject(h.core, h.admin, {
      namespaceId: ns.id,
      subject: "marguerite",
      reason: "erasure request 12",
    });
    expect((await row(m.id)).embedding).toBeNull();
    for (const filters of [{}, { status: ["deleted"] }, { status: ["active", "deleted", "archived"] }]) {
      const hits = await searchMemories(h.core, h.admin, { query: words, k: 10, ...filters }, ns.id);
      expect(hits.map((x) => x.memory.id)).not.toContain(m.id);
      expect(JSON.stringify(hits)).not.toContain("Okonkwo");
    }
    expect(await searchMemories(h.core, a, { query: words, k: 10, status: ["deleted"] })).toEqual([]);
  });
});
