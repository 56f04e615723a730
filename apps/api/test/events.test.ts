import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsRoute } from "../src/events/route.js";
import { createLogger } from "../src/log.js";
import { rest, startTestApi, type Tenant, type TestApi, tenant } from "./helpers.js";
import { openSse } from "./sse.js";

describe("live audit events (SSE)", () => {
  let t: TestApi;
  let ten: Tenant;

  beforeAll(async () => {
    t = await startTestApi();
    ten = await tenant(t, ["alpha", "beta"]);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const write = (key: string, content: string) =>
    rest(t.url, "POST", "/memories", { token: key, body: { memory: { tier: "episodic", content } } });

  it("an operator receives an event written after subscribing", async () => {
    const sse = await openSse(`${t.url}/events?namespaceId=${ten.namespaceId}`, {
      authorization: `Bearer ${t.adminToken}`,
    });
    try {
      expect(sse.status).toBe(200);
      const w = await write(ten.agents.alpha!.key, "the build broke at 14:02");
      const id = (w.body as { memory: { id: string } }).memory.id;
      const event = await sse.next((e) => e.targetId === id);
      expect(event).toMatchObject({
        action: "memory.create",
        actorType: "agent",
        actorId: ten.agents.alpha!.id,
        namespaceId: ten.namespaceId,
      });
    } finally {
      sse.close();
    }
  });

  it("an agent sees its own events and its checkpoint decisions, not another agent's", async () => {
    const sse = await openSse(`${t.url}/events`, { authorization: `Bearer ${ten.agents.alpha!.key}` });
    try {
      const other = await write(ten.agents.beta!.key, "beta's private note");
      const mine = await write(ten.agents.alpha!.key, "alpha's note");
      const otherId = (other.body as { memory: { id: string } }).memory.id;
      const mineId = (mine.body as { memory: { id: string } }).memory.id;
      await sse.next((e) => e.targetId === mineId);

      const run = await rest(t.url, "POST", "/runs", {
        token: ten.agents.alpha!.key,
        body: { task: "ship it" },
      });
      const runId = (run.body as { run: { id: string } }).run.id;
      const cp = await rest(t.url, "POST", `/runs/${runId}/checkpoints`, {
        token: ten.agents.alpha!.key,
        body: { label: "go?" },
      });
      const cpId = (cp.body as { id: string }).id;
      await rest(t.url, "POST", `/checkpoints/${cpId}/decide`, {
        token: t.adminToken,
        body: { decision: "approve" },
      });
      const decision = await sse.next((e) => e.action === "checkpoint.approve");
      expect(decision).toMatchObject({ actorType: "operator", runId });
      expect(sse.events.some((e) => e.targetId === otherId)).toBe(false);
      expect(
        sse.events.every(
          (e) => e.actorId === ten.agents.alpha!.id || String(e.action).startsWith("checkpoint."),
        ),
      ).toBe(true);
    } finally {
      sse.close();
    }
  });

  it("replays what a reconnecting client missed (Last-Event-ID)", async () => {
    const first = await openSse(`${t.url}/events?namespaceId=${ten.namespaceId}`, {
      authorization: `Bearer ${t.adminToken}`,
    });
    const w1 = await write(ten.agents.alpha!.key, "before the drop");
    const seen = await first.next((e) => e.targetId === (w1.body as { memory: { id: string } }).memory.id);
    first.close();
    const w2 = await write(ten.agents.alpha!.key, "while disconnected");
    const again = await openSse(`${t.url}/events?namespaceId=${ten.namespaceId}`, {
      authorization: `Bearer ${t.adminToken}`,
      "last-event-id": String(seen.seq),
    });
    try {
      await again.next((e) => e.targetId === (w2.body as { memory: { id: string } }).memory.id);
    } finally {
      again.close();
    }
  });

  it("refuses without credentials, and an operator without namespaceId", async () => {
    expect((await fetch(`${t.url}/events`)).status).toBe(401);
    const res = await fetch(`${t.url}/events`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(400);
    const other = await fetch(`${t.url}/events?namespaceId=00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${ten.agents.alpha!.key}` },
    });
    expect(other.status).toBe(404);
  });

  it("sends heartbeat comments (interval shortened here; 15 s in the server)", async () => {
    const route = eventsRoute({ core: t.api.core, log: createLogger("events-test"), heartbeatMs: 50 });
    const server = createServer((req, res) => void route(req, res));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    const sse = await openSse(`http://127.0.0.1:${port}/events`, {
      authorization: `Bearer ${ten.agents.alpha!.key}`,
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(sse.comments.filter((c) => c === "heartbeat").length).toBeGreaterThanOrEqual(2);
    } finally {
      sse.close();
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
});
