import { auditEvents, auditPayloads, queryRows } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendAudit,
  exportCheckpoint,
  verifyAgainstCheckpoint,
  verifyChain,
  writeMemory,
} from "../src/index.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

describe(`audit chain on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  async function chainOf(n: number) {
    const { ns, agents } = await tenant(h, ["writer"]);
    for (let i = 0; i < n; i++) {
      await h.core.memro.db.transaction((tx) =>
        appendAudit(tx, {
          namespaceId: ns.id,
          actor: agents.writer!,
          action: "test.event",
          targetType: "thing",
          targetId: String(i),
          payload: { i, text: `event ${i}` },
        }),
      );
    }
    return ns.id;
  }
  const seqOf = async (ns: string, seq: number) =>
    (
      await h.core.memro.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.namespaceId, ns), eq(auditEvents.seq, seq)))
    )[0]!;

  it("every memory write leaves one linked event, and the chain verifies", async () => {
    const { ns, agents } = await tenant(h);
    const result = await writeMemory(h.core, agents.alpha!, {
      tier: "vector",
      content: "The deploy key rotates monthly",
    });
    expect(result.status).toBe("created");
    const events = await h.core.memro.db.select().from(auditEvents).where(eq(auditEvents.namespaceId, ns.id));
    const create = events.find((e) => e.action === "memory.create");
    expect(create?.targetId).toBe(result.status === "created" ? result.memory.id : "");
    expect(create?.actorId).toBe(agents.alpha!.agentId);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("20 concurrent writers leave one linear chain that verifies", async () => {
    const { ns, agents } = await tenant(h, ["w"]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeMemory(h.core, agents.w!, {
          tier: "episodic",
          content: `concurrent observation number ${i} about topic ${i * 7}`,
        }),
      ),
    );
    const rows = await queryRows<{ seq: number }>(
      h.core.memro.db,
      sql`select seq from audit_events where namespace_id = ${ns.id} order by seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    const report = await verifyChain(h.core.memro.db, ns.id);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(20);
  });

  it("names the seq of a changed row", async () => {
    const ns = await chainOf(6);
    await h.core.memro.db.execute(
      sql`update audit_events set action = 'forged' where namespace_id = ${ns} and seq = 4`,
    );
    const report = await verifyChain(h.core.memro.db, ns);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it("names the seq of a deleted row", async () => {
    const ns = await chainOf(6);
    await h.core.memro.db.execute(sql`delete from audit_events where namespace_id = ${ns} and seq = 3`);
    expect(await verifyChain(h.core.memro.db, ns)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it("names the seq of reordered rows", async () => {
    const ns = await chainOf(6);
    const db = h.core.memro.db;
    await db.execute(sql`update audit_events set seq = -1 where namespace_id = ${ns} and seq = 2`);
    await db.execute(sql`update audit_events set seq = 2 where namespace_id = ${ns} and seq = 5`);
    await db.execute(sql`update audit_events set seq = 5 where namespace_id = ${ns} and seq = -1`);
    expect(await verifyChain(db, ns)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it("names the seq of a forged hash", async () => {
    const ns = await chainOf(6);
    await h.core.memro.db.execute(
      sql`update audit_events set hash = repeat('a', 64) where namespace_id = ${ns} and seq = 5`,
    );
    expect(await verifyChain(h.core.memro.db, ns)).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it("names the seq of a changed payload, but an erased payload still verifies", async () => {
    const ns = await chainOf(4);
    const ev = await seqOf(ns, 2);
    const db = h.core.memro.db;
    await db
      .update(auditPayloads)
      .set({ payload: { i: 99 } })
      .where(eq(auditPayloads.eventId, ev.id));
    expect(await verifyChain(db, ns)).toMatchObject({ ok: false, firstBadSeq: 2 });
    await db
      .update(auditPayloads)
      .set({ payload: null, erasedAt: new Date(), erasedReason: "subject erasure" })
      .where(eq(auditPayloads.eventId, ev.id));
    expect((await verifyChain(db, ns)).ok).toBe(true);
  });

  it("a signed checkpoint catches a past rewritten with recomputed hashes", async () => {
    const ns = await chainOf(5);
    const checkpoint = await exportCheckpoint(h.core, h.admin, ns);
    const head = (await verifyChain(h.core.memro.db, ns)).headSeq;
    expect(checkpoint.seq).toBe(head);
    expect(await verifyAgainstCheckpoint(h.core, checkpoint)).toEqual({ ok: true });
    // A checkpoint altered after signing is refused.
    expect(await verifyAgainstCheckpoint(h.core, { ...checkpoint, seq: head - 1 })).toEqual({
      ok: false,
      reason: "bad signature",
    });
    // Rewrite event 3 and re-chain every hash after it: the chain alone still verifies...
    const db = h.core.memro.db;
    await db.execute(
      sql`update audit_events set reason = 'rewritten' where namespace_id = ${ns} and seq = ${head - 2}`,
    );
    await rechain(ns);
    expect((await verifyChain(db, ns)).ok).toBe(true);
    // ...but not against the checkpoint signed before.
    expect(await verifyAgainstCheckpoint(h.core, checkpoint)).toMatchObject({ ok: false, firstBadSeq: head });
  });

  async function rechain(ns: string) {
    const { hashEvent, GENESIS_HASH } = await import("../src/audit/canonical.js");
    const db = h.core.memro.db;
    const rows = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.namespaceId, ns))
      .orderBy(auditEvents.seq);
    let prev = GENESIS_HASH;
    for (const e of rows) {
      const hash = hashEvent(prev, {
        namespaceId: e.namespaceId,
        seq: e.seq,
        at: e.at.toISOString(),
        actorType: e.actorType,
        actorId: e.actorId,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        runId: e.runId,
        reason: e.reason,
        payloadDigest: e.payloadDigest,
      });
      await db.update(auditEvents).set({ prevHash: prev, hash }).where(eq(auditEvents.id, e.id));
      prev = hash;
    }
    await db.execute(sql`update audit_heads set hash = ${prev} where namespace_id = ${ns}`);
  }
});
