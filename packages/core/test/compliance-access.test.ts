import { auditEvents, auditPayloads } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  getMemory,
  listMemories,
  listReadAccess,
  memoryVersions,
  searchMemories,
  setMemoryLabels,
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

describe(`compliance: labels, redaction and the read log on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  /** alpha is cleared for pii on the vector tier; beta is cleared for nothing. */
  async function setup() {
    const t = await tenant(h, ["alpha", "beta"]);
    const alpha = t.agents.alpha!;
    const beta = t.agents.beta!;
    await setPolicy(h.core, h.admin, {
      namespaceId: t.ns.id,
      agentId: alpha.agentId,
      tier: "vector",
      read: "shared",
      write: "direct",
      clearances: ["pii"],
    });
    const secret = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: "Customer Dana Quillfeather paid with the card ending 4242 from Reykjavik",
        data: { source: "crm-export.csv" },
        metadata: { ssn: "078-05-1120" },
        labels: ["pii"],
        subject: "dana",
      }),
    );
    const plain = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: "The customer portal is down for maintenance on Sunday",
      }),
    );
    return { ...t, alpha, beta, secret, plain };
  }

  it("redacts on get for an agent without clearance and keeps it whole for a cleared one", async () => {
    const { ns, alpha, beta, secret } = await setup();
    const hidden = await getMemory(h.core, beta, secret.id);
    expect(hidden).toMatchObject({
      id: secret.id,
      content: "[redacted: pii]",
      data: {},
      metadata: {},
      contentHash: "",
      labels: ["pii"],
      redacted: true,
    });
    const whole = await getMemory(h.core, alpha, secret.id);
    expect(whole.content).toContain("Quillfeather");
    expect(whole.metadata).toEqual({ ssn: "078-05-1120" });
    expect((whole as { redacted?: boolean }).redacted).toBeUndefined();
    // Operators govern: no redaction.
    expect((await getMemory(h.core, h.admin, secret.id, ns.id)).content).toContain("Quillfeather");
    // Clearance is per tier and needs every label: pii alone does not clear pii+phi.
    const both = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: "Dana is allergic to penicillin",
        labels: ["pii", "phi"],
      }),
    );
    expect((await getMemory(h.core, alpha, both.id)).content).toBe("[redacted: phi]");
    expect((await getMemory(h.core, beta, both.id)).content).toBe("[redacted: pii, phi]");
  });

  it("lists keep redacted memories (counts unchanged) but content filters only match what the agent may read", async () => {
    const { ns, alpha, beta, secret, plain } = await setup();
    const listed = await listMemories(h.core, beta, {});
    expect(listed.items.map((m) => m.id).sort()).toEqual([secret.id, plain.id].sort());
    const shown = listed.items.find((m) => m.id === secret.id)!;
    expect(shown.content).toBe("[redacted: pii]");
    expect(JSON.stringify(listed)).not.toContain("Quillfeather");
    expect(JSON.stringify(listed)).not.toContain("078-05-1120");
    // A full-text or metadata filter would reveal hidden content by matching: cleared rows only.
    expect((await listMemories(h.core, beta, { query: "Quillfeather" })).items).toHaveLength(0);
    expect((await listMemories(h.core, beta, { metadata: { ssn: "078-05-1120" } })).items).toHaveLength(0);
    expect((await listMemories(h.core, alpha, { query: "Quillfeather" })).items.map((m) => m.id)).toEqual([
      secret.id,
    ]);
    expect((await listMemories(h.core, h.admin, { query: "Quillfeather" }, ns.id)).items).toHaveLength(1);
  });

  it("search never ranks a memory on content the agent may not see", async () => {
    const { alpha, beta, secret, plain } = await setup();
    // Words only present in the redacted memory's content.
    const hits = await searchMemories(h.core, beta, {
      query: "Quillfeather card 4242 Reykjavik",
      k: 10,
      explain: true,
    });
    expect(hits[0]?.memory.id).not.toBe(secret.id);
    expect(hits.map((x) => x.memory.id)).not.toContain(secret.id);
    expect(JSON.stringify(hits)).not.toContain("Quillfeather");
    // The unlabelled memory is still found when relevant.
    const portal = await searchMemories(h.core, beta, { query: "customer portal maintenance" });
    expect(portal[0]?.memory.id).toBe(plain.id);
    // The cleared agent finds it first, unredacted.
    const cleared = await searchMemories(h.core, alpha, { query: "Quillfeather card 4242 Reykjavik" });
    expect(cleared[0]?.memory.id).toBe(secret.id);
    expect(cleared[0]?.memory.content).toContain("Quillfeather");
  });

  it("redacts every version of a labelled fact", async () => {
    const { ns, beta } = await setup();
    const v1 = created(
      await writeMemory(
        h.core,
        h.admin,
        {
          tier: "knowledge",
          content: "Dana's home address is 12 Elm Street",
          data: { subject: "dana", predicate: "address", object: "12 Elm Street" },
          labels: ["pii"],
        },
        { namespaceId: ns.id },
      ),
    );
    // Labels passed again: updateMemoryInput defaults omitted tags/labels to [] (reported to the lead).
    const v2 = await updateMemory(
      h.core,
      h.admin,
      { id: v1.id, content: "Dana's home address is 9 Oak Lane", labels: ["pii"] },
      { namespaceId: ns.id },
    );
    if (v2.status !== "applied") throw new Error("update not applied");
    const versions = await memoryVersions(h.core, beta, v2.memory.id);
    expect(versions).toHaveLength(2);
    for (const v of versions) expect(v).toMatchObject({ content: "[redacted: pii]", redacted: true });
  });

  it("keeps context packs to what the agent may read", async () => {
    // startRun exists in packages/core/src/runs: the pack is assembled from search hits.
    const { alpha, beta, secret } = await setup();
    const task = "Why did Quillfeather pay with the card ending 4242 from Reykjavik?";
    const uncleared = await startRun(h.core, beta, { task });
    expect(uncleared.pack.items.map((i) => i.memoryId)).not.toContain(secret.id);
    expect(JSON.stringify(uncleared.pack.items)).not.toContain("Quillfeather");
    const cleared = await startRun(h.core, alpha, { task });
    const item = cleared.pack.items.find((i) => i.memoryId === secret.id);
    expect(item?.content).toContain("Quillfeather");
  });

  it("logs agents' reads of labelled memories (get, list, search, pack), never operators' or unlabelled ones", async () => {
    const { ns, alpha, beta, secret, plain } = await setup();
    await getMemory(h.core, alpha, secret.id);
    await getMemory(h.core, alpha, plain.id);
    await listMemories(h.core, beta, {});
    await searchMemories(h.core, alpha, { query: "Quillfeather card" });
    await getMemory(h.core, h.admin, secret.id, ns.id);
    const { run } = await startRun(h.core, alpha, { task: "Quillfeather card payment from Reykjavik" });

    const viewer = await operator(h, "viewer");
    const all = await listReadAccess(h.core, viewer, { namespaceId: ns.id });
    expect(all.every((e) => e.memoryId === secret.id)).toBe(true);
    const byAlpha = await listReadAccess(h.core, viewer, { namespaceId: ns.id, agentId: alpha.agentId });
    const vias = byAlpha.map((e) => e.via);
    expect(vias).toContain("get");
    expect(vias).toContain("search");
    expect(byAlpha.length).toBeGreaterThanOrEqual(3);
    const byBeta = await listReadAccess(h.core, viewer, { namespaceId: ns.id, agentId: beta.agentId });
    expect(byBeta.map((e) => e.via)).toEqual(["list"]);
    expect(all.some((e) => e.agentId === null)).toBe(false);
    // The pack's read is logged (as `context_pack` with the run once runs logs it itself, `search` until then).
    const packReads = byAlpha.filter((e) => e.runId === run.id || e.via === "search");
    expect(packReads.length).toBeGreaterThanOrEqual(2);
    // Filters: memory, time window, limit.
    expect(await listReadAccess(h.core, viewer, { namespaceId: ns.id, memoryId: plain.id })).toHaveLength(0);
    expect(
      await listReadAccess(h.core, viewer, { namespaceId: ns.id, from: new Date(Date.now() + 60_000) }),
    ).toHaveLength(0);
    expect(await listReadAccess(h.core, viewer, { namespaceId: ns.id, limit: 1 })).toHaveLength(1);
    await expect(listReadAccess(h.core, alpha as Agent, { namespaceId: ns.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("lets an approver label a memory, audited with before and after, and redaction follows", async () => {
    const { ns, beta, plain } = await setup();
    const approver = await operator(h, "approver");
    const viewer = await operator(h, "viewer");
    await expect(setMemoryLabels(h.core, viewer, plain.id, ["secret"], "classified")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(setMemoryLabels(h.core, approver, plain.id, ["secret"], "")).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const labelled = await setMemoryLabels(
      h.core,
      approver,
      plain.id,
      ["secret", "ops-only"],
      "maintenance windows are internal",
    );
    expect(labelled.labels).toEqual(["ops-only", "secret"]);
    expect((await getMemory(h.core, beta, plain.id)).content).toBe("[redacted: ops-only, secret]");
    const [event] = await h.core.memro.db
      .select({ reason: auditEvents.reason, payload: auditPayloads.payload })
      .from(auditEvents)
      .innerJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(and(eq(auditEvents.namespaceId, ns.id), eq(auditEvents.action, "memory.labels")));
    expect(event?.reason).toBe("maintenance windows are internal");
    const payload = event?.payload as { before: { labels: string[] }; after: { labels: string[] } };
    expect(payload.before.labels).toEqual([]);
    expect(payload.after.labels).toEqual(["ops-only", "secret"]);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });
});
