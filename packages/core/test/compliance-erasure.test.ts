import { auditEvents, auditPayloads, queryRows, readAccessLog } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  createEntities,
  createRelations,
  eraseSubject,
  exportSubject,
  getMemory,
  listMemories,
  logStep,
  searchMemories,
  setPolicy,
  startRun,
  subjectPseudonym,
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

describe(`compliance: subject erasure and export on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  /**
   * Which of the needles occur anywhere in the database: every column (cast to text) of every
   * table of the public schema, found through information_schema. Needles are letters and
   * digits only, so they are no LIKE wildcards and survive full-text stemming unchanged.
   */
  async function scan(needles: string[]): Promise<Map<string, string[]>> {
    const db = h.core.memro.db;
    const cols = await queryRows<{ table_name: string; column_name: string }>(
      db,
      sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`,
    );
    const byTable = new Map<string, string[]>();
    for (const c of cols) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
    expect(byTable.size).toBeGreaterThan(15);
    const found = new Map<string, string[]>();
    const list = sql.join(
      needles.map((n) => sql`${n}`),
      sql`, `,
    );
    for (const [table, columns] of byTable) {
      const anyColumn = sql.join(
        columns.map((c) => sql`lower(${sql.identifier(c)}::text) like '%' || lower(n) || '%'`),
        sql` or `,
      );
      const rows = await queryRows<{ n: string }>(
        db,
        sql`select n from unnest(array[${list}]::text[]) as n
          where exists (select 1 from ${sql.identifier(table)} where ${anyColumn})`,
      );
      for (const r of rows) found.set(r.n, [...(found.get(r.n) ?? []), table]);
    }
    return found;
  }

  /** A tenant where alpha may read pii in the vector tier, plus data about two subjects. */
  async function world() {
    const t = await tenant(h, ["alpha", "beta"]);
    const alpha = t.agents.alpha!;
    const beta = t.agents.beta!;
    const ns = t.ns.id;
    const tag = Math.random().toString(36).slice(2, 8);
    const needle = (k: string) => `zq${k}${tag}`;
    const ADA = `ada${tag}`;
    const BOB = `bob${tag}`;
    await setPolicy(h.core, h.admin, {
      namespaceId: ns,
      agentId: alpha.agentId,
      tier: "vector",
      read: "shared",
      write: "direct",
      clearances: ["pii"],
    });
    const vec = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: `Ada lives in Lisbon and her locker code is ${needle("content")}`,
        data: { source: needle("data") },
        metadata: { note: needle("meta") },
        tags: [needle("tag")],
        labels: ["pii"],
        subject: ADA,
      }),
    );
    const k1 = created(
      await writeMemory(
        h.core,
        h.admin,
        {
          tier: "knowledge",
          content: `Ada prefers ${needle("kone")}`,
          data: { subject: "ada", predicate: "prefers", object: needle("konedata") },
          subject: ADA,
        },
        { namespaceId: ns },
      ),
    );
    const k2 = await updateMemory(
      h.core,
      h.admin,
      { id: k1.id, content: `Ada prefers ${needle("ktwo")}` },
      { namespaceId: ns },
    );
    if (k2.status !== "applied") throw new Error("update not applied");
    const epi = created(
      await writeMemory(h.core, alpha, {
        tier: "episodic",
        content: `Ada said her cat is called ${needle("epi")}`,
        data: { episode: "chat-1", position: 0, speaker: needle("speaker") },
        subject: ADA,
      }),
    );
    // Knowledge is gated for agents: a pending promotion holds the proposed content.
    const gated = await writeMemory(h.core, beta, {
      tier: "knowledge",
      content: `Ada's passport number is ${needle("gated")}`,
      data: { subject: "ada", predicate: "passport", object: needle("gateddata") },
      subject: ADA,
    });
    expect(gated.status).toBe("pending");
    const ents = await createEntities(h.core, alpha, {
      entities: [
        {
          name: needle("ename"),
          type: "person",
          aliases: [needle("alias")],
          summary: `Customer ${needle("summary")}`,
          observations: [`Ada mentioned ${needle("obs")}`],
          subject: ADA,
        },
        { name: `Bob ${needle("bobname")}`, type: "person", subject: BOB },
      ],
    });
    if (ents.status !== "applied") throw new Error("graph write not applied");
    const rel = await createRelations(h.core, alpha, {
      relations: [{ from: needle("ename"), to: `Bob ${needle("bobname")}`, type: "knows" }],
    });
    if (rel.status !== "applied") throw new Error("graph write not applied");
    const bob = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: `Bob keeps bees; his hive id is ${needle("bob")}`,
        labels: ["pii"],
        subject: BOB,
      }),
    );
    return {
      ns,
      alpha,
      beta,
      needle,
      ADA,
      BOB,
      vec,
      k1,
      k2: k2.memory,
      epi,
      bob,
      entities: ents,
      relations: rel,
    };
  }

  it("erases a subject everywhere: no table holds its content, APIs return tombstones, the chain verifies", async () => {
    const w = await world();
    const { ns, alpha, needle } = w;
    // A run for the subject (task, steps, pack), and another run whose pack cites her memory.
    const own = await startRun(h.core, alpha, { task: `Help Ada with ${needle("task")}`, subject: w.ADA });
    await logStep(h.core, alpha, own.run.id, {
      kind: "note",
      message: `Called ${needle("step")}`,
      data: { x: needle("stepdata") },
    });
    const other = await startRun(h.core, alpha, {
      task: "Where does Ada live, and what is her locker code?",
    });
    expect(other.pack.items.map((i) => i.memoryId)).toContain(w.vec.id);
    await getMemory(h.core, alpha, w.vec.id);

    const needles = [
      "content",
      "data",
      "meta",
      "tag",
      "kone",
      "konedata",
      "ktwo",
      "epi",
      "speaker",
      "gated",
      "gateddata",
      "ename",
      "alias",
      "summary",
      "obs",
      "task",
      "step",
      "stepdata",
    ].map(needle);
    const before = await scan([...needles, w.ADA, needle("bob")]);
    for (const n of [...needles, w.ADA]) expect(before.has(n), `${n} present before erasure`).toBe(true);
    expect(before.get(needle("content"))).toEqual(
      expect.arrayContaining(["memories", "audit_payloads", "context_packs"]),
    );

    await expect(
      eraseSubject(h.core, h.admin, { namespaceId: ns, subject: w.ADA, reason: `erase ${w.ADA} please` }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      eraseSubject(h.core, await operator(h, "approver"), {
        namespaceId: ns,
        subject: w.ADA,
        reason: "GDPR request 4711",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const result = await eraseSubject(h.core, h.admin, {
      namespaceId: ns,
      subject: w.ADA,
      reason: "GDPR request 4711",
    });
    expect(result).toMatchObject({
      pseudonym: subjectPseudonym(ns, w.ADA),
      memories: 4,
      entities: 1,
      relations: 1,
      runs: 1,
    });
    expect(result.promotions).toBeGreaterThanOrEqual(1);
    expect(result.contextPackItems).toBeGreaterThanOrEqual(1);
    expect(result.auditPayloads).toBeGreaterThan(5);

    const after = await scan([...needles, w.ADA, needle("bob"), needle("bobname")]);
    const leftovers = [...needles, w.ADA]
      .filter((n) => after.has(n))
      .map((n) => `${n} in ${after.get(n)!.join(", ")}`);
    expect(leftovers).toEqual([]);
    // The scan does find what was not erased.
    expect(after.get(needle("bob"))).toContain("memories");
    expect(after.get(needle("bobname"))).toContain("entities");

    // The chain still verifies; the events stay, their payloads are tombstones.
    expect(await verifyChain(h.core.memro.db, ns)).toMatchObject({ ok: true });
    const trail = await h.core.memro.db
      .select({
        action: auditEvents.action,
        payload: auditPayloads.payload,
        erasedAt: auditPayloads.erasedAt,
        why: auditPayloads.erasedReason,
      })
      .from(auditEvents)
      .innerJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(and(eq(auditEvents.namespaceId, ns), eq(auditEvents.targetId, w.vec.id)));
    expect(trail.length).toBeGreaterThan(0);
    for (const e of trail)
      expect(e).toMatchObject({ payload: null, why: "subject erasure: GDPR request 4711" });
    const [erasure] = await h.core.memro.db
      .select({ e: auditEvents, payload: auditPayloads.payload })
      .from(auditEvents)
      .innerJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(and(eq(auditEvents.namespaceId, ns), eq(auditEvents.action, "subject.erase")));
    expect(erasure?.e.targetId).toBe(result.pseudonym);
    expect(erasure?.payload).toMatchObject({
      memories: 4,
      memoryIds: expect.arrayContaining([w.vec.id, w.k1.id, w.k2.id]),
    });

    // No API returns the content any more.
    expect(await getMemory(h.core, h.admin, w.vec.id, ns)).toMatchObject({
      content: "[erased]",
      status: "deleted",
      metadata: {},
    });
    expect((await getMemory(h.core, alpha, w.vec.id)).content).not.toContain(needle("content"));
    const found = await searchMemories(h.core, h.admin, { query: `locker code ${needle("content")}` }, ns);
    expect(JSON.stringify(found)).not.toContain(needle("content"));
    const deleted = await listMemories(h.core, h.admin, { status: ["deleted", "superseded"] }, ns);
    expect(JSON.stringify(deleted)).not.toMatch(new RegExp(needles.join("|")));
    const exported = await exportSubject(h.core, h.admin, { namespaceId: ns, subject: w.ADA });
    expect(exported.memories).toHaveLength(4);
    for (const m of exported.memories) expect(m).toMatchObject({ content: "[erased]", status: "deleted" });
    // The document names the subject it was asked for, and nothing else of it.
    const { subject: asked, ...body } = exported;
    expect(asked).toBe(w.ADA);
    expect(JSON.stringify(body)).not.toMatch(new RegExp([...needles, w.ADA].join("|")));
    expect((await verifyChain(h.core.memro.db, ns)).ok).toBe(true);
  });

  it("exports everything of a subject (all versions, graph, promotions, reads) and nothing of another", async () => {
    const w = await world();
    const { ns, alpha, needle } = w;
    await getMemory(h.core, alpha, w.vec.id);
    const approver = await operator(h, "approver");
    await expect(
      exportSubject(h.core, await operator(h, "viewer"), { namespaceId: ns, subject: w.ADA }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      exportSubject(h.core, alpha as Agent, { namespaceId: ns, subject: w.ADA }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const progress: [number, number][] = [];
    const doc = await exportSubject(h.core, approver, {
      namespaceId: ns,
      subject: w.ADA,
      onProgress: (done: number, total: number) => progress.push([done, total]),
    });
    expect(doc.format).toBe("memro.subject-export/1");
    expect(doc.memories.map((m) => m.id).sort()).toEqual([w.vec.id, w.k1.id, w.k2.id, w.epi.id].sort());
    const versions = doc.memories.filter((m) => m.tier === "knowledge");
    expect(versions.map((m) => m.status).sort()).toEqual(["active", "superseded"]);
    expect(doc.memories.find((m) => m.id === w.vec.id)).toMatchObject({ metadata: { note: needle("meta") } });
    expect(doc.entities.map((e) => e.name)).toEqual([needle("ename")]);
    expect(doc.relations).toHaveLength(1);
    expect(doc.promotions.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(doc.promotions)).toContain(needle("gated"));
    expect(doc.readAccess.map((r) => [r.memoryId, r.via])).toContainEqual([w.vec.id, "get"]);
    expect(doc.counts).toMatchObject({ memories: 4, entities: 1, relations: 1 });

    // Nothing of the other subject.
    const text = JSON.stringify(doc);
    expect(text).not.toContain(w.BOB);
    expect(text).not.toContain(needle("bob"));
    expect(text).not.toContain(needle("bobname"));
    expect(text).not.toContain(w.bob.id);

    // Progress: from 0 to the total, never backwards.
    expect(progress[0]).toEqual([0, progress[0]![1]]);
    const total = progress[0]![1];
    expect(total).toBe(Object.values(doc.counts).reduce((a, b) => a + b, 0));
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);

    // The export is audited against the pseudonym and logged as a read of the labelled memory.
    const events = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns), eq(auditEvents.action, "subject.export")));
    expect(events.map((e) => e.targetId)).toEqual([subjectPseudonym(ns, w.ADA)]);
    const reads = await h.core.memro.db
      .select()
      .from(readAccessLog)
      .where(and(eq(readAccessLog.namespaceId, ns), inArray(readAccessLog.via, ["export"])));
    expect(reads.map((r) => [r.memoryId, r.agentId])).toEqual([[w.vec.id, null]]);
    expect((await verifyChain(h.core.memro.db, ns)).ok).toBe(true);
  });
});
