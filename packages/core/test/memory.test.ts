import { auditEvents, memories } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeMemoryStatus,
  getMemory,
  listMemories,
  memoryVersions,
  reindexNamespace,
  searchMemories,
  setDecaySettings,
  staleEmbeddings,
  sweepDecay,
  updateMemory,
  verifyChain,
  writeMemories,
  writeMemory,
} from "../src/index.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

describe(`memory tiers on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  it("writes and reads each row tier with its structured data validated", async () => {
    const { ns, agents } = await tenant(h);
    const a = agents.alpha!;
    const admin = h.admin;
    const v = await writeMemory(h.core, a, {
      tier: "vector",
      content: "Postgres backups run nightly",
      data: { source: "runbook.md" },
    });
    const e = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "User asked about refunds",
      data: { speaker: "user", episode: "conv-1", position: 0 },
      validFrom: "2024-05-01T10:00:00Z",
    });
    // knowledge and skills are gated for agents by default; operators write directly.
    const k = await writeMemory(
      h.core,
      admin,
      {
        tier: "knowledge",
        content: "Refunds take 5 days",
        data: { subject: "refunds", predicate: "duration", object: "5 days" },
      },
      { namespaceId: ns.id },
    );
    const s = await writeMemory(
      h.core,
      admin,
      {
        tier: "skills",
        content: "Issue a refund",
        data: { name: "refund", trigger: "customer wants money back", steps: ["check order", "refund"] },
      },
      { namespaceId: ns.id },
    );
    for (const r of [v, e, k, s]) expect(r.status).toBe("created");
    const episodic = await getMemory(h.core, a, (e as { memory: { id: string } }).memory.id);
    expect(episodic.validFrom.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(episodic.data).toMatchObject({ speaker: "user", episode: "conv-1" });
    const skill = await getMemory(h.core, a, (s as { memory: { id: string } }).memory.id);
    expect(skill.data).toMatchObject({ successCount: 0, failureCount: 0, steps: ["check order", "refund"] });
  });

  it("refuses bad input with a stable code and writes nothing", async () => {
    const { ns, agents } = await tenant(h);
    const before = await countRows(ns.id);
    for (const bad of [
      { tier: "vector", content: "" },
      { tier: "nope", content: "x" },
      { tier: "skills", content: "x", data: {} },
      { tier: "vector", content: "x", extra: 1 },
      { tier: "episodic", content: "x", data: { position: -1 } },
    ]) {
      await expect(writeMemory(h.core, agents.alpha!, bad)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await countRows(ns.id)).toEqual(before);
  });

  it("chunks a long document and keeps its source on every chunk", async () => {
    const { agents } = await tenant(h);
    const paragraph = "Kubernetes schedules pods onto nodes according to resource requests. ".repeat(30);
    const doc = `${paragraph}\n\n${paragraph.replace(/Kubernetes/g, "Nomad")}\n\n${paragraph.replace(/pods/g, "jobs")}`;
    const r = await writeMemory(h.core, agents.alpha!, {
      tier: "vector",
      content: doc,
      data: { source: "sched.md" },
    });
    if (r.status !== "created") throw new Error("not created");
    expect(r.chunks?.length).toBeGreaterThan(1);
    for (const c of r.chunks!) {
      expect(c.chunkOf).toBe(r.memory.id);
      expect(c.data).toMatchObject({ source: "sched.md" });
    }
  });

  it("reinforces an exact duplicate and links a near duplicate", async () => {
    const { agents } = await tenant(h);
    const a = agents.alpha!;
    const first = await writeMemory(h.core, a, {
      tier: "vector",
      content: "The office wifi password changes every Monday",
    });
    const again = await writeMemory(h.core, a, {
      tier: "vector",
      content: "  the office WIFI password changes every monday ",
    });
    expect(again.status).toBe("reinforced");
    if (first.status !== "created" || again.status !== "reinforced") throw new Error("unexpected");
    expect(again.memory.id).toBe(first.memory.id);
    expect(again.memory.accessCount).toBe(1);
    const near = await writeMemory(h.core, a, {
      tier: "vector",
      content: "The office wifi password changes every Monday.",
    });
    expect(near).toMatchObject({ status: "created", duplicateOf: first.memory.id });
    // Episodic memories are events: the same words at another time are kept as another event.
    const t1 = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "Thanks!",
      validFrom: "2024-01-01T10:00:00Z",
    });
    const t2 = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "Thanks!",
      validFrom: "2024-01-01T11:00:00Z",
    });
    const t3 = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "thanks!",
      validFrom: "2024-01-01T11:00:00Z",
    });
    expect([t1.status, t2.status, t3.status]).toEqual(["created", "created", "reinforced"]);
  });

  it("supersedes a contradicting knowledge fact and answers asOf questions", async () => {
    const { ns } = await tenant(h);
    const opts = { namespaceId: ns.id };
    const v1 = await writeMemory(
      h.core,
      h.admin,
      {
        tier: "knowledge",
        content: "Alice lives in Paris",
        data: { subject: "Alice", predicate: "lives in", object: "Paris" },
      },
      opts,
    );
    const between = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const v2 = await writeMemory(
      h.core,
      h.admin,
      {
        tier: "knowledge",
        content: "Alice lives in Berlin",
        data: { subject: "alice", predicate: "LIVES IN", object: "Berlin" },
      },
      opts,
    );
    if (v1.status !== "created" || v2.status !== "created") throw new Error("unexpected");
    expect(v2.superseded).toBe(v1.memory.id);
    const old = await getMemory(h.core, h.admin, v1.memory.id, ns.id);
    expect(old.status).toBe("superseded");
    expect(old.content).toBe("Alice lives in Paris");
    expect(old.validTo).not.toBeNull();
    const current = await listMemories(h.core, h.admin, { tiers: ["knowledge"] }, ns.id);
    expect(current.items.map((m) => m.content)).toEqual(["Alice lives in Berlin"]);
    const then = await listMemories(h.core, h.admin, { tiers: ["knowledge"], asOf: between }, ns.id);
    expect(then.items.map((m) => m.content)).toEqual(["Alice lives in Paris"]);
    const versions = await memoryVersions(h.core, h.admin, v2.memory.id, ns.id);
    expect(versions.map((m) => m.version)).toEqual([2, 1]);
  });

  it("updates knowledge as a new version and other tiers in place, with before/after audited", async () => {
    const { ns, agents } = await tenant(h);
    const a = agents.alpha!;
    const v = await writeMemory(h.core, a, { tier: "vector", content: "Deploys happen on Tuesdays" });
    if (v.status !== "created") throw new Error("unexpected");
    const u = await updateMemory(h.core, a, { id: v.memory.id, content: "Deploys happen on Thursdays" });
    expect(u).toMatchObject({ status: "applied", memory: { id: v.memory.id, version: 2 } });
    const [ev] = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "memory.update")));
    expect(ev?.targetId).toBe(v.memory.id);
    const k = await writeMemory(
      h.core,
      h.admin,
      { tier: "knowledge", content: "SLA is 99.9%" },
      { namespaceId: ns.id },
    );
    if (k.status !== "created") throw new Error("unexpected");
    const ku = await updateMemory(
      h.core,
      h.admin,
      { id: k.memory.id, content: "SLA is 99.95%" },
      { namespaceId: ns.id },
    );
    if (ku.status !== "applied") throw new Error("unexpected");
    expect(ku.memory.id).not.toBe(k.memory.id);
    expect(ku.memory.supersedes).toBe(k.memory.id);
    expect((await getMemory(h.core, h.admin, k.memory.id, ns.id)).content).toBe("SLA is 99.9%");
    // The memory returned is the row as stored, at the vec_seq its vector write moved it to.
    const stored = async (id: string) =>
      (await h.core.memro.db.select().from(memories).where(eq(memories.id, id)))[0]!;
    if (u.status !== "applied") throw new Error("unexpected");
    for (const [returned, old] of [
      [u.memory, v.memory],
      [ku.memory, k.memory],
    ] as const) {
      const row = await stored(returned.id);
      expect(returned.vecSeq).toBe(row.vecSeq);
      expect(returned.vecSeq!).toBeGreaterThan(old.vecSeq!);
      expect(returned.embeddingModel).toBe(row.embeddingModel);
    }
  });

  it("hybrid search finds by meaning and by words, explains its signals, and honours filters", async () => {
    const { agents } = await tenant(h);
    const a = agents.alpha!;
    const texts = [
      "The cat sat on the warm windowsill all afternoon",
      "Quarterly tax filings are due on the fifteenth",
      "Our Kubernetes cluster autoscaler adds nodes under load",
      "Grandma baked an apple pie for the family reunion",
      "The invoice number INV-2291 was paid late",
    ];
    for (const content of texts) await writeMemory(h.core, a, { tier: "vector", content, tags: ["t"] });
    await writeMemory(h.core, a, {
      tier: "episodic",
      content: "A kitten napped in the sunshine",
      data: { episode: "e1" },
    });
    const semantic = await searchMemories(h.core, a, {
      query: "a feline resting in the sun",
      k: 3,
      tiers: ["vector"],
      explain: true,
    });
    expect(semantic[0]!.memory.content).toContain("cat sat");
    expect(semantic[0]!.signals).toMatchObject({ dense: expect.any(Number), lexical: expect.any(Number) });
    const exact = await searchMemories(h.core, a, { query: "INV-2291", k: 1 });
    expect(exact[0]!.memory.content).toContain("INV-2291");
    const episodicOnly = await searchMemories(h.core, a, {
      query: "cat sleeping in the sun",
      k: 5,
      tiers: ["episodic"],
    });
    expect(episodicOnly.every((x) => x.memory.tier === "episodic")).toBe(true);
    expect(episodicOnly[0]!.memory.content).toContain("kitten");
    const tagged = await searchMemories(h.core, a, { query: "cat", k: 10, tags: ["t"] });
    expect(tagged.every((x) => x.memory.tags.includes("t"))).toBe(true);
  });

  it("finds what happened in a time window and in an episode, in order", async () => {
    const { agents } = await tenant(h);
    const a = agents.alpha!;
    for (let i = 0; i < 4; i++) {
      await writeMemory(h.core, a, {
        tier: "episodic",
        content: `step ${i} of the migration`,
        data: { episode: "migration", position: i },
        validFrom: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      });
    }
    const window = await listMemories(h.core, a, {
      tiers: ["episodic"],
      from: new Date(Date.UTC(2024, 0, 2)),
      to: new Date(Date.UTC(2024, 0, 3)),
    });
    expect(window.items.map((m) => m.content).sort()).toEqual([
      "step 1 of the migration",
      "step 2 of the migration",
    ]);
    const episode = await listMemories(h.core, a, { episode: "migration", limit: 2 });
    expect(episode.items).toHaveLength(2);
    expect(episode.nextCursor).not.toBeNull();
    const page2 = await listMemories(h.core, a, {
      episode: "migration",
      limit: 2,
      cursor: episode.nextCursor!,
    });
    expect(page2.items).toHaveLength(2);
    expect(new Set([...episode.items, ...page2.items].map((m) => m.id)).size).toBe(4);
  });

  it("decay archives what fell below the floor as a system action, never deletes, and restore brings it back", async () => {
    const { ns, agents } = await tenant(h);
    const a = agents.alpha!;
    const old = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "Saw a blue car outside",
      importance: 0.2,
    });
    const fresh = await writeMemory(h.core, a, {
      tier: "episodic",
      content: "Deploy finished OK",
      importance: 0.9,
    });
    if (old.status !== "created" || fresh.status !== "created") throw new Error("unexpected");
    await h.core.memro.db
      .update(memories)
      .set({ createdAt: new Date(Date.now() - 120 * 86_400_000) })
      .where(eq(memories.id, old.memory.id));
    const dry = await sweepDecay(h.core, ns.id, { dryRun: true });
    expect(dry.archived).toEqual([old.memory.id]);
    expect((await getMemory(h.core, h.admin, old.memory.id, ns.id)).status).toBe("active");
    const swept = await sweepDecay(h.core, ns.id);
    expect(swept.archived).toEqual([old.memory.id]);
    const archived = await getMemory(h.core, h.admin, old.memory.id, ns.id);
    expect(archived.status).toBe("archived");
    const [ev] = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, old.memory.id), eq(auditEvents.action, "memory.archive")));
    expect(ev).toMatchObject({ actorType: "system" });
    await changeMemoryStatus(h.core, h.admin, "restore", old.memory.id, { namespaceId: ns.id });
    expect((await getMemory(h.core, h.admin, old.memory.id, ns.id)).status).toBe("active");
    // A namespace can turn episodic decay off.
    await setDecaySettings(h.core, h.admin, ns.id, {
      vector: { halfLifeDays: 180, floor: 0.02 },
      episodic: { halfLifeDays: null, floor: 0 },
      knowledge: { halfLifeDays: null, floor: 0 },
      skills: { halfLifeDays: 90, floor: 0.02 },
    });
    expect((await sweepDecay(h.core, ns.id)).archived).toEqual([]);
  });

  it("writes a batch in one transaction with one audit event per memory, same rules as single writes", async () => {
    const { ns, agents } = await tenant(h);
    const a = agents.alpha!;
    const items = [
      {
        tier: "episodic",
        content: "batch turn one",
        validFrom: "2024-02-01T10:00:00Z",
        data: { episode: "b" },
      },
      {
        tier: "episodic",
        content: "batch turn two",
        validFrom: "2024-02-01T10:01:00Z",
        data: { episode: "b" },
      },
      {
        tier: "episodic",
        content: "batch turn one",
        validFrom: "2024-02-01T10:00:00Z",
        data: { episode: "b" },
      },
      { tier: "knowledge", content: "gated fact from a batch" },
      { tier: "vector", content: "a plain note in a batch" },
    ];
    const results = await writeMemories(h.core, a, items);
    expect(results.map((r) => r.status)).toEqual(["created", "created", "reinforced", "pending", "created"]);
    const events = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "memory.create")));
    expect(events).toHaveLength(3);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
    const before = await countRows(ns.id);
    await expect(
      writeMemories(h.core, a, [
        { tier: "vector", content: "fine" },
        { tier: "vector", content: "" },
      ]),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { index: 1 },
    });
    expect(await countRows(ns.id)).toEqual(before);
  });

  it("reindex re-embeds what another model made, with progress and one audit event each", async () => {
    const { ns, agents } = await tenant(h);
    for (const content of [
      "Reindex me: the blue whale",
      "Reindex me too: the red fox",
      "Already current: a green frog",
    ]) {
      await writeMemory(h.core, agents.alpha!, { tier: "vector", content });
    }
    await h.core.memro.db
      .update(memories)
      .set({ embeddingModel: "old-model-v0" })
      .where(and(eq(memories.namespaceId, ns.id), sql`${memories.content} like 'Reindex me%'`));
    const stale = async () => (await staleEmbeddings(h.core)).find((x) => x.namespaceId === ns.id);
    expect(await stale()).toEqual({ namespaceId: ns.id, memories: 2 });
    const progress: string[] = [];
    const result = await reindexNamespace(h.core, h.admin, ns.id, (done, total) =>
      progress.push(`${done}/${total}`),
    );
    expect(result).toEqual({ reindexed: 2, model: h.core.embeddings.modelId });
    expect(progress).toEqual(["0/2", "2/2"]);
    const events = await h.core.memro.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "memory.reindex")));
    expect(events).toHaveLength(2);
    expect(await stale()).toBeUndefined();
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
    expect((await reindexNamespace(h.core, h.admin, ns.id)).reindexed).toBe(0);
    const hit = await searchMemories(h.core, agents.alpha!, { query: "whale", k: 1 });
    expect(hit[0]!.memory.content).toContain("blue whale");
    await expect(reindexNamespace(h.core, agents.alpha!, ns.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  async function countRows(ns: string) {
    const [m] = await h.core.memro.db
      .select({ n: sql<number>`count(*)::int` })
      .from(memories)
      .where(eq(memories.namespaceId, ns));
    const [e] = await h.core.memro.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.namespaceId, ns));
    return { memories: m!.n, events: e!.n };
  }
});
