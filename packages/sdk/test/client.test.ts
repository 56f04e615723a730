import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemroApiError } from "../src/index.js";
import { createMemroMcpClient } from "../src/mcp-client.js";
import { type AgentClient, agentClient, type Harness, startHarness } from "./harness.js";

describe("createMemroClient", () => {
  let h: Harness;
  let a: AgentClient;

  beforeAll(async () => {
    h = await startHarness();
    a = await agentClient(h);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it("memories: write, get, list, search, update, delete, lineage (dates stay dates)", async () => {
    const written = await a.client.memories.write({
      tier: "vector",
      content: "The office wifi password rotates monthly",
      tags: ["it"],
    });
    expect(written.status).toBe("created");
    if (written.status !== "created") return;
    const id = written.memory.id;
    const got = await a.client.memories.get(id);
    expect(got.createdAt).toBeInstanceOf(Date);
    expect((await a.client.memories.list({ tags: ["it"] })).items.map((m) => m.id)).toEqual([id]);
    const hits = await a.client.memories.search({ query: "wifi password" });
    expect(hits[0]?.memory.id).toBe(id);
    const updated = await a.client.memories.update({
      id,
      content: "The office wifi password rotates every two weeks",
    });
    expect(updated.status).toBe("applied");
    const lineage = await a.client.lineage(id);
    expect(lineage.memory.id).toBe(id);
    const deleted = await a.client.memories.delete(id, { reason: "stale" });
    expect(deleted.status).toBe("applied");
    // Deletes are soft: the memory stays readable by id, marked deleted, and leaves lists.
    expect((await a.client.memories.get(id)).status).toBe("deleted");
    expect((await a.client.memories.list({ tags: ["it"] })).items).toEqual([]);
    await expect(a.client.memories.get("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
    });
  });

  it("promotions: propose, list, withdraw", async () => {
    const src = await a.client.memories.write({
      tier: "episodic",
      content: "Deploys on Fridays broke twice",
    });
    if (src.status !== "created") throw new Error("expected a direct write");
    const p = await a.client.promotions.propose({
      sourceMemoryIds: [src.memory.id],
      targetTier: "knowledge",
      proposed: { content: "Avoid deploying on Fridays" },
    });
    expect(p.status).toBe("pending");
    expect((await a.client.promotions.list({ status: "pending" })).map((x) => x.id)).toContain(p.id);
    const w = await a.client.promotions.withdraw(p.id, "changed my mind");
    expect(w.status).toBe("withdrawn");
  });

  it("runs: start, checkpoint, waitForDecision (operator approves meanwhile), finish", async () => {
    const { run, pack } = await a.client.runs.start({ task: "clean up old feature flags" });
    expect(pack).toBeTruthy();
    const cp = await a.client.runs.checkpoint(run.id, { label: "delete 12 flags?" });
    const waiting = a.client.runs.waitForDecision(cp.id, { timeoutMs: 20_000 });
    await h.admin.trpc.runs.decideCheckpoint.mutate({ checkpointId: cp.id, decision: "approve", note: "" });
    const decided = await waiting;
    expect(decided).toMatchObject({ timedOut: false, checkpoint: { status: "approved" } });
    const finished = await a.client.runs.finish(run.id, { outcome: "succeeded" });
    expect(finished.status).toBe("finished");
  });

  it("errors are MemroApiError with the stable code", async () => {
    const err = await a.client.memories.write({ tier: "vector", content: "" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemroApiError);
    expect((err as MemroApiError).code).toBe("BAD_REQUEST");
  });

  it("createMemroMcpClient calls tools and throws coded errors", async () => {
    const mcp = await createMemroMcpClient({ url: h.api.url, apiKey: a.key });
    try {
      expect((await mcp.listTools()).map((t) => t.name)).toContain("memory_search");
      const out = await mcp.callTool<{ status: string }>("memory_write", {
        memory: { tier: "vector", content: "via the MCP client" },
      });
      expect(out.status).toBe("created");
      await expect(mcp.callTool("memory_get", { id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await mcp.close();
    }
  });
});
