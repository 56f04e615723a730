import { auditEvents, memories, promotions } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvePromotion,
  authenticateApiKey,
  authenticateSession,
  createApiKey,
  createEntities,
  getMemory,
  listMemories,
  listPromotions,
  memoryLineage,
  proposePromotion,
  rejectPromotion,
  revokeApiKey,
  searchMemories,
  searchNodes,
  setPolicy,
  signIn,
  withdrawPromotion,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

const ROW_TIERS = ["vector", "episodic", "knowledge", "skills"] as const;
const sample = (tier: (typeof ROW_TIERS)[number], n = 0) =>
  tier === "skills"
    ? { tier, content: `procedure ${n} for ${tier}`, data: { name: `skill-${n}`, trigger: "when asked" } }
    : { tier, content: `a ${tier} memory number ${n} about penguins` };

describe(`governance on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  const counts = async (ns: string) => {
    const [m] = await h.core.memro.db
      .select({ n: sql<number>`count(*)::int` })
      .from(memories)
      .where(eq(memories.namespaceId, ns));
    const [p] = await h.core.memro.db
      .select({ n: sql<number>`count(*)::int` })
      .from(promotions)
      .where(eq(promotions.namespaceId, ns));
    return { memories: m!.n, promotions: p!.n };
  };

  for (const tier of ROW_TIERS) {
    it(`policy matrix for the ${tier} tier: deny, direct, gated`, async () => {
      const { ns, agents } = await tenant(h, ["a"]);
      const a = agents.a!;
      const set = (write: "deny" | "direct" | "gated") =>
        setPolicy(h.core, h.admin, { namespaceId: ns.id, agentId: a.agentId, tier, read: "shared", write });

      await set("deny");
      const before = await counts(ns.id);
      const denied = await writeMemory(h.core, a, sample(tier, 1)).catch((e: unknown) => e);
      expect(denied).toMatchObject({ code: "FORBIDDEN" });
      expect((denied as Error).message).toContain("policy (agent)");
      expect(await counts(ns.id)).toEqual(before);
      const [ev] = await h.core.memro.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "write_denied")));
      expect(ev).toMatchObject({ actorId: a.agentId, targetType: tier });

      await set("direct");
      expect((await writeMemory(h.core, a, sample(tier, 2))).status).toBe("created");

      await set("gated");
      const gated = await writeMemory(h.core, a, sample(tier, 3));
      expect(gated.status).toBe("pending");
      const visible = await listMemories(h.core, a, { tiers: [tier] });
      expect(visible.items.map((m) => m.content)).not.toContain(sample(tier, 3).content);
    });
  }

  it("defaults: knowledge and skills gated, vector and episodic direct; the namespace default applies to every agent", async () => {
    const { ns, agents } = await tenant(h, ["a", "b"]);
    expect((await writeMemory(h.core, agents.a!, sample("knowledge"))).status).toBe("pending");
    expect((await writeMemory(h.core, agents.a!, sample("skills"))).status).toBe("pending");
    expect((await writeMemory(h.core, agents.a!, sample("vector"))).status).toBe("created");
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: null,
      tier: "vector",
      read: "shared",
      write: "deny",
    });
    await expect(writeMemory(h.core, agents.b!, sample("vector", 5))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("read modes: none hides the tier, own hides others' shared memories", async () => {
    const { ns, agents } = await tenant(h);
    await writeMemory(h.core, agents.alpha!, {
      tier: "vector",
      content: "alpha shares a note about penguins",
    });
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.beta!.agentId,
      tier: "vector",
      read: "own",
      write: "direct",
    });
    expect((await searchMemories(h.core, agents.beta!, { query: "penguins" })).length).toBe(0);
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.beta!.agentId,
      tier: "vector",
      read: "shared",
      write: "direct",
    });
    expect((await searchMemories(h.core, agents.beta!, { query: "penguins" })).length).toBe(1);
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.alpha!.agentId,
      tier: "vector",
      read: "none",
      write: "direct",
    });
    expect((await listMemories(h.core, agents.alpha!, {})).items.length).toBe(0);
  });

  it("an agent never sees another agent's private memory, nor another namespace, on any read path", async () => {
    const { agents } = await tenant(h);
    const other = await tenant(h, ["gamma"]);
    const secret = await writeMemory(h.core, agents.alpha!, {
      tier: "vector",
      content: "alpha private launch code zebra-42",
      visibility: "private",
    });
    if (secret.status !== "created") throw new Error("unexpected");
    const id = secret.memory.id;
    for (const reader of [agents.beta!, other.agents.gamma!]) {
      await expect(getMemory(h.core, reader, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memoryLineage(h.core, reader, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(
        (await searchMemories(h.core, reader, { query: "launch code zebra-42", k: 50 })).map(
          (x) => x.memory.id,
        ),
      ).not.toContain(id);
      expect((await listMemories(h.core, reader, { limit: 500 })).items.map((m) => m.id)).not.toContain(id);
    }
    // Asking for another namespace by id is refused as if it did not exist.
    await expect(getMemory(h.core, other.agents.gamma!, id, secret.memory.namespaceId)).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    expect((await getMemory(h.core, agents.alpha!, id)).content).toContain("zebra-42");
  });

  it("quotas refuse writes past memories held and writes per minute", async () => {
    const { ns, agents } = await tenant(h, ["q"]);
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.q!.agentId,
      tier: "episodic",
      read: "shared",
      write: "direct",
      maxMemories: 2,
    });
    await writeMemory(h.core, agents.q!, { tier: "episodic", content: "first observation of the day" });
    await writeMemory(h.core, agents.q!, { tier: "episodic", content: "second quite different observation" });
    await expect(
      writeMemory(h.core, agents.q!, { tier: "episodic", content: "third distinct thing seen" }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.q!.agentId,
      tier: "vector",
      read: "shared",
      write: "direct",
      writesPerMinute: 2,
    });
    await expect(
      writeMemory(h.core, agents.q!, { tier: "vector", content: "one more fact about llamas" }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  it("a gated write is approved by an approver into the tier, another rejected with its reason", async () => {
    const { ns, agents } = await tenant(h);
    const approver = await operator(h, "approver");
    const p1 = await writeMemory(h.core, agents.alpha!, {
      tier: "knowledge",
      content: "Support hours are 9 to 5",
    });
    const p2 = await writeMemory(h.core, agents.alpha!, {
      tier: "knowledge",
      content: "The moon is made of cheese",
    });
    if (p1.status !== "pending" || p2.status !== "pending") throw new Error("unexpected");
    const approved = await approvePromotion(h.core, approver, p1.promotionId, {
      content: "Support hours are 9 to 5 CET",
    });
    expect(approved.status).toBe("approved");
    const fact = await getMemory(h.core, agents.alpha!, approved.resultMemoryId!);
    expect(fact).toMatchObject({
      tier: "knowledge",
      content: "Support hours are 9 to 5 CET",
      authorAgentId: agents.alpha!.agentId,
    });
    const rejected = await rejectPromotion(h.core, approver, p2.promotionId, "not a fact");
    expect(rejected).toMatchObject({ status: "rejected", reason: "not a fact" });
    await expect(approvePromotion(h.core, approver, p2.promotionId)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const pending = await listPromotions(h.core, h.admin, { status: "pending" }, ns.id);
    expect(pending).toHaveLength(0);
  });

  it("no agent key can decide a promotion, a viewer cannot either, and the proposer may withdraw", async () => {
    const { agents } = await tenant(h);
    const viewer = await operator(h, "viewer");
    const obs = await writeMemory(h.core, agents.alpha!, {
      tier: "episodic",
      content: "Customer Bob always pays by card",
    });
    if (obs.status !== "created") throw new Error("unexpected");
    const proposal = await proposePromotion(h.core, agents.alpha!, {
      sourceMemoryIds: [obs.memory.id],
      targetTier: "knowledge",
      proposed: { content: "Bob pays by card" },
      reason: "seen often",
    });
    for (const agent of [agents.alpha!, agents.beta!]) {
      await expect(approvePromotion(h.core, agent, proposal.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(rejectPromotion(h.core, agent, proposal.id, "no")).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    await expect(approvePromotion(h.core, viewer, proposal.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(withdrawPromotion(h.core, agents.beta!, proposal.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await withdrawPromotion(h.core, agents.alpha!, proposal.id)).status).toBe("withdrawn");
  });

  it("an approved proposal writes the memory with derived_from links, visible in its lineage", async () => {
    const { ns, agents } = await tenant(h);
    const obs = await writeMemory(h.core, agents.alpha!, {
      tier: "episodic",
      content: "Build failed because of flaky test X",
    });
    if (obs.status !== "created") throw new Error("unexpected");
    const proposal = await proposePromotion(h.core, agents.alpha!, {
      sourceMemoryIds: [obs.memory.id],
      targetTier: "knowledge",
      proposed: { content: "Test X is flaky" },
    });
    const approved = await approvePromotion(h.core, h.admin, proposal.id);
    const lineage = await memoryLineage(h.core, h.admin, approved.resultMemoryId!, ns.id);
    expect(lineage.memory.derivedFrom).toEqual([obs.memory.id]);
    expect(lineage.sources.map((s) => s.id)).toEqual([obs.memory.id]);
    expect(lineage.promotions.map((p) => p.id)).toEqual([proposal.id]);
    expect(lineage.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["promotion.propose", "memory.create", "promotion.approve"]),
    );
  });

  it("approving a gated graph write through the promotion queue applies it for the proposer", async () => {
    const { ns, agents } = await tenant(h);
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: null,
      tier: "graph",
      read: "shared",
      write: "gated",
    });
    const pending = await createEntities(h.core, agents.alpha!, {
      entities: [{ name: "Payments API", type: "service" }],
    });
    expect(pending).toMatchObject({ status: "pending" });
    expect((await searchNodes(h.core, agents.alpha!, { query: "Payments" })).entities).toHaveLength(0);
    const [promotion] = await listPromotions(h.core, h.admin, { status: "pending" }, ns.id);
    const decided = await approvePromotion(h.core, await operator(h, "approver"), promotion!.id);
    expect(decided.status).toBe("approved");
    const found = await searchNodes(h.core, agents.alpha!, { query: "Payments" });
    expect(found.entities.map((e: { name: string }) => e.name)).toEqual(["Payments API"]);
  });

  it("keys are shown once, stored hashed, and revocable; sessions come from passwords", async () => {
    const { agents } = await tenant(h, ["k"]);
    const created = await createApiKey(h.core, h.admin, agents.k!.agentId, "ci");
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const rows = await h.core.memro.db.execute(
      sql`select hash, prefix from api_keys where id = ${created.id}`,
    );
    expect(JSON.stringify(rows)).not.toContain(created.key);
    expect((await authenticateApiKey(h.core, created.key)).agentId).toBe(agents.k!.agentId);
    await revokeApiKey(h.core, h.admin, created.id);
    await expect(authenticateApiKey(h.core, created.key)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateApiKey(h.core, "mk_forged")).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const approver = await operator(h, "approver");
    const [row] = (await h.core.memro.db
      .execute(sql`select email from operators where id = ${(approver as { operatorId: string }).operatorId}`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as { email: string }[];
    await expect(signIn(h.core, { email: row!.email, password: "wrong password!!" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const session = await signIn(h.core, { email: row!.email, password: "correct horse battery" });
    expect((await authenticateSession(h.core, session.token)).role).toBe("approver");
  });
});
