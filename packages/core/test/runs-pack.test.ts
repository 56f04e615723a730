import { memories } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEntities,
  createRelations,
  getContextPack,
  getRun,
  listReadAccess,
  listRuns,
  setMemoryLabels,
  setPolicy,
  startRun,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

const TASK = "Deploy the billing service to staging";

/** Distinct notes that all bear on the task. */
const NOTES = [
  "Billing deploys to staging go through the helm chart in infra/billing",
  "Before a staging deploy of billing, run the database migrations",
  "The staging cluster for billing needs the VPN to be reachable",
  "Billing service health checks live at /healthz on port 8080 in staging",
  "Rolling back a billing deploy in staging uses helm rollback with the previous revision",
  "Staging deploys of the billing service are frozen on Fridays after 3pm",
  "The billing service reads its staging secrets from the vault path kv/billing/staging",
  "Deploy logs for billing in staging are shipped to the ops-logs index",
  "Smoke tests run automatically after every billing deploy to staging",
  "The billing staging database is refreshed from an anonymised production snapshot weekly",
  "Billing deploy pipelines need the release-manager approval to reach staging",
  "Staging billing uses the sandbox payment provider keys, never live ones",
];

const created = (r: Awaited<ReturnType<typeof writeMemory>>) => {
  if (r.status !== "created") throw new Error(`expected created, got ${r.status}`);
  return r.memory;
};

describe(`run context packs on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  async function seeded() {
    const t = await tenant(h, ["alpha", "beta"]);
    const { ns, agents } = t;
    const notes = [];
    for (const content of NOTES)
      notes.push(created(await writeMemory(h.core, agents.alpha!, { tier: "vector", content })));
    const fact = created(
      await writeMemory(
        h.core,
        h.admin,
        {
          tier: "knowledge",
          content: "Billing deploys to staging require a change ticket",
          data: { subject: "billing", predicate: "deploy requirement", object: "change ticket" },
        },
        { namespaceId: ns.id },
      ),
    );
    const skill = created(
      await writeMemory(
        h.core,
        h.admin,
        {
          tier: "skills",
          content: "Deploy the billing service with helm",
          data: {
            name: "deploy-billing",
            trigger: "deploy billing",
            steps: ["run migrations", "helm upgrade billing"],
          },
        },
        { namespaceId: ns.id },
      ),
    );
    // Beta's private note is the best possible match: the task word for word.
    const secret = created(
      await writeMemory(h.core, agents.beta!, { tier: "episodic", content: TASK, visibility: "private" }),
    );
    const unrelated = created(
      await writeMemory(h.core, agents.alpha!, { tier: "episodic", content: "My cat likes tuna" }),
    );
    return { ...t, notes, fact, skill, secret, unrelated };
  }

  it("cuts to the token budget, never shows another agent's private memory, and explains each item", async () => {
    const s = await seeded();
    const { run, pack } = await startRun(h.core, s.agents.alpha!, { task: TASK, tokenBudget: 400 });
    expect(run.status).toBe("running");
    expect(pack.runId).toBe(run.id);
    expect(pack.tokenBudget).toBe(400);
    expect(pack.tokens).toBeLessThanOrEqual(400);
    expect(pack.tokenEstimate).toMatch(/ceil/);
    const sum = pack.items.reduce((n, i) => n + i.tokens, 0);
    expect(sum).toBeLessThan(pack.tokens);
    expect(pack.items.length).toBeGreaterThan(1);
    expect(pack.items.length).toBeLessThan(NOTES.length);
    const ids = pack.items.map((i) => i.memoryId);
    expect(ids).not.toContain(s.secret.id);
    expect(ids).not.toContain(s.unrelated.id);
    // The curated fact and the skill rank at the top of a small pack.
    expect(ids).toContain(s.fact.id);
    expect(ids).toContain(s.skill.id);
    const skill = pack.items.find((i) => i.memoryId === s.skill.id)!;
    expect(skill.why).toMatch(/skill 'deploy-billing'.*success rate 0\.50/);
    expect(skill.content).toContain("Steps: 1. run migrations 2. helm upgrade billing");
    expect(pack.items.find((i) => i.memoryId === s.fact.id)!.why).toMatch(
      /^knowledge fact matching 'deploy'/,
    );
    for (const item of pack.items) {
      expect(item.why.length).toBeGreaterThan(5);
      expect(item.tokens).toBeGreaterThan(0);
      expect(pack.markdown).toContain(`[mem:${item.memoryId}]`);
    }
    expect(pack.markdown).toMatch(/^## Context for: Deploy the billing service to staging/);
    expect(pack.markdown).toContain("### Knowledge facts");

    // A bigger budget takes every note; the private match still never appears.
    const big = (await startRun(h.core, s.agents.alpha!, { task: TASK, tokenBudget: 8000 })).pack;
    const bigIds = big.items.map((i) => i.memoryId);
    for (const n of s.notes) expect(bigIds).toContain(n.id);
    expect(bigIds).not.toContain(s.secret.id);
    expect(new Set(bigIds).size).toBe(bigIds.length);

    // Beta itself gets its own private note, first.
    const betaPack = (await startRun(h.core, s.agents.beta!, { task: TASK })).pack;
    expect(betaPack.items.map((i) => i.memoryId)).toContain(s.secret.id);
  });

  it("follows the read policy: a tier the agent may not read contributes nothing", async () => {
    const s = await seeded();
    const a = s.agents.alpha!;
    await setPolicy(h.core, h.admin, {
      namespaceId: s.ns.id,
      agentId: a.agentId,
      tier: "knowledge",
      read: "none",
      write: "gated",
    });
    const { pack } = await startRun(h.core, a, { task: TASK, tokenBudget: 4000 });
    expect(pack.items.some((i) => i.tier === "knowledge")).toBe(false);
    expect(pack.items.some((i) => i.tier === "vector")).toBe(true);
  });

  it("de-duplicates the same content across tiers and near-identical notes", async () => {
    const { agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const text = "The billing service deploys to staging with helm every Tuesday morning";
    const v = created(await writeMemory(h.core, a, { tier: "vector", content: text }));
    const e = created(await writeMemory(h.core, a, { tier: "episodic", content: `${text}.` }));
    const near = created(await writeMemory(h.core, a, { tier: "vector", content: `${text} too` }));
    const { pack } = await startRun(h.core, a, { task: TASK, tokenBudget: 4000 });
    const ids = pack.items.map((i) => i.memoryId).filter((id) => [v.id, e.id, near.id].includes(id));
    expect(ids).toHaveLength(1);
  });

  it("brings the graph neighbourhood of entities named in the task, cited by entity id", async () => {
    const { agents } = await tenant(h, ["alpha", "beta"]);
    const a = agents.alpha!;
    const made = await createEntities(h.core, a, {
      entities: [
        {
          name: "Billing",
          type: "service",
          summary: "Charges customers",
          observations: ["owned by team payments"],
        },
        { name: "Helm", type: "tool" },
        { name: "Postgres", type: "database" },
      ],
    });
    if (made.status !== "applied") throw new Error("graph write not applied");
    await createRelations(h.core, a, {
      relations: [
        { from: "Billing", to: "Helm", type: "deployed_with" },
        { from: "Billing", to: "Postgres", type: "stores_in" },
      ],
    });
    // Beta's private entity is named in the task too, and must not show.
    const hidden = await createEntities(h.core, agents.beta!, {
      entities: [{ name: "Staging", type: "environment", visibility: "private" }],
    });
    if (hidden.status !== "applied") throw new Error("graph write not applied");
    const { pack } = await startRun(h.core, a, { task: TASK, tokenBudget: 4000 });
    const graph = pack.items.filter((i) => i.tier === "graph");
    const billing = made.entities[0]!.entity;
    const named = graph.find((i) => i.memoryId === billing.id)!;
    expect(named.why).toMatch(/named in the task/);
    expect(named.content).toContain("Billing —deployed_with→ Helm");
    expect(named.content).toContain("owned by team payments");
    expect(graph.map((i) => i.memoryId)).toContain(made.entities[1]!.entity.id);
    expect(graph.map((i) => i.memoryId)).not.toContain(hidden.entities[0]!.entity.id);
    expect(pack.markdown).toContain(`[graph:${billing.id}]`);
    expect(pack.markdown).toContain("### Related entities");
  });

  it("stores the pack with the run; the agent reading it counts as access, and runs stay scoped", async () => {
    const s = await seeded();
    const a = s.agents.alpha!;
    const { run, pack } = await startRun(h.core, a, {
      task: TASK,
      tokenBudget: 1000,
      subject: "billing",
      tags: ["deploy"],
    });
    const ids = pack.items.map((i) => i.memoryId);
    const counts = async () => {
      await h.core.accessCounts.flush();
      return new Map(
        (await h.core.memro.db.select().from(memories).where(inArray(memories.id, ids))).map((m) => [
          m.id,
          m.accessCount,
        ]),
      );
    };
    const before = await counts();
    const again = await getContextPack(h.core, a, run.id);
    expect(again.items).toEqual(pack.items);
    expect(again.markdown).toBe(pack.markdown);
    const after = await counts();
    for (const id of ids) expect(after.get(id)).toBe((before.get(id) ?? 0) + 1);
    // An operator looking at it in the console does not count.
    await getContextPack(h.core, await operator(h, "viewer"), run.id);
    expect(await counts()).toEqual(after);

    await expect(getContextPack(h.core, s.agents.beta!, run.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRun(h.core, s.agents.beta!, run.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const detail = await getRun(h.core, a, run.id);
    expect(detail.run).toMatchObject({ id: run.id, subject: "billing", tags: ["deploy"], tokenBudget: 1000 });
    await startRun(h.core, s.agents.beta!, { task: "Check the billing dashboards" });
    expect((await listRuns(h.core, a, {})).map((r) => r.id)).toEqual([run.id]);
    const all = await listRuns(h.core, await operator(h, "viewer"), {}, s.ns.id);
    expect(all).toHaveLength(2);
    await expect(startRun(h.core, h.admin, { task: TASK })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(startRun(h.core, a, { task: TASK, tokenBudget: 50_000 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("logs the pack's labelled memories as context_pack reads and redacts what the agent is not cleared for", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const alpha = agents.alpha!;
    const beta = agents.beta!;
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: alpha.agentId,
      tier: "vector",
      read: "shared",
      write: "direct",
      clearances: ["pii"],
    });
    const task = "Summarise the Quillfeather invoice dispute";
    const secret = created(
      await writeMemory(h.core, alpha, {
        tier: "vector",
        content: "Quillfeather invoice dispute: Dana Quillfeather contests invoice 4242 from Reykjavik",
        labels: ["pii"],
        subject: "dana",
      }),
    );
    const viewer = await operator(h, "viewer");
    const reads = (via: "context_pack" | "search") =>
      listReadAccess(h.core, viewer, { namespaceId: ns.id, via });

    // Cleared: the labelled memory is in the pack whole, and the read is logged with the run.
    const cleared = await startRun(h.core, alpha, { task });
    expect(cleared.pack.items.find((i) => i.memoryId === secret.id)?.content).toContain("Quillfeather");
    expect(await reads("context_pack")).toEqual([
      expect.objectContaining({ agentId: alpha.agentId, memoryId: secret.id, runId: cleared.run.id }),
    ]);
    // The searches that assembled the pack are not logged as reads of their own.
    expect(await reads("search")).toEqual([]);

    // Cleared for nothing: beta's pack never takes the labelled memory as a candidate...
    const note = created(
      await writeMemory(h.core, beta, {
        tier: "vector",
        content: "Quillfeather invoice dispute: the refund was agreed on the call with finance",
      }),
    );
    const { run, pack } = await startRun(h.core, beta, { task });
    expect(pack.items.map((i) => i.memoryId)).toContain(note.id);
    expect(pack.items.map((i) => i.memoryId)).not.toContain(secret.id);
    expect(JSON.stringify(pack)).not.toContain("4242");
    // ...and a memory of its pack labelled afterwards is redacted when it reads the pack again.
    await setMemoryLabels(h.core, h.admin, note.id, ["pii"], "names a customer");
    const again = await getContextPack(h.core, beta, run.id);
    const item = again.items.find((i) => i.memoryId === note.id)!;
    expect(item).toMatchObject({ content: "[redacted: pii]", why: "[redacted: pii]" });
    expect(again.markdown).toContain("[redacted: pii]");
    expect(again.markdown).not.toContain("refund");
    expect(await reads("context_pack")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          agentId: beta.agentId,
          memoryId: note.id,
          runId: run.id,
          via: "context_pack",
        }),
      ]),
    );
    // Operators govern: they see the stored pack whole, and their look is not logged.
    const before = (await reads("context_pack")).length;
    const whole = await getContextPack(h.core, viewer, run.id);
    expect(whole.items.find((i) => i.memoryId === note.id)?.content).toContain("refund");
    expect(await reads("context_pack")).toHaveLength(before);
  });
});
