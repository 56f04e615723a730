import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rest, startTestApi, type Tenant, type TestApi, tenant, trpc } from "./helpers.js";
import { callTool, mcpClient } from "./mcp-helpers.js";

const MAX_BODY = 64 * 1024;
type RestError = {
  message: string;
  code: string;
  issues?: unknown[];
  data?: { memroCode?: string; details?: Record<string, unknown> };
};

describe("error contract over HTTP", () => {
  let t: TestApi;
  let ten: Tenant;
  let key: string;

  beforeAll(async () => {
    t = await startTestApi({ MEMRO_MAX_BODY_BYTES: String(MAX_BODY) });
    ten = await tenant(t, ["alpha", "limited"]);
    key = ten.agents.alpha!.key;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("400 with the zod issues (REST and tRPC)", async () => {
    const bad = { memory: { tier: "vector", content: 42 } };
    const viaRest = await rest(t.url, "POST", "/memories", { token: key, body: bad });
    expect(viaRest.status).toBe(400);
    const body = viaRest.body as RestError;
    expect(body.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(body.issues ?? body.data?.details)).toContain("content");

    const viaTrpc = await trpc(t.url, "mutation", "memories.write", bad, key);
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.error?.data).toMatchObject({ code: "BAD_REQUEST", memroCode: "BAD_REQUEST" });
    expect(JSON.stringify(viaTrpc.error?.data.details)).toContain("content");
  });

  it("400 from the core's own validation keeps its code and issues", async () => {
    // An operator must name the namespace.
    const res = await rest(t.url, "POST", "/memories/search", { token: t.adminToken, body: { query: "x" } });
    expect(res.status).toBe(400);
    expect((res.body as RestError).data?.memroCode).toBe("BAD_REQUEST");
  });

  it("401 without or with a wrong credential", async () => {
    expect((await rest(t.url, "POST", "/memories/search", { body: { query: "x" } })).status).toBe(401);
    expect(
      (await rest(t.url, "POST", "/memories/search", { token: "mk_nope", body: { query: "x" } })).status,
    ).toBe(401);
    expect(
      (
        await rest(t.url, "POST", "/memories/search", {
          headers: { authorization: "Basic abc" },
          body: { query: "x" },
        })
      ).status,
    ).toBe(401);
    expect((await trpc(t.url, "query", "memories.search", { query: "x" })).status).toBe(401);
  });

  it("403 for an agent on an operator route", async () => {
    const res = await rest(t.url, "GET", "/namespaces", { token: key });
    expect(res.status).toBe(403);
    expect((await trpc(t.url, "query", "admin.namespaces", {}, key)).status).toBe(403);
  });

  it("404 for a missing memory and an unknown route", async () => {
    const res = await rest(t.url, "GET", "/memories/00000000-0000-4000-8000-000000000000", { token: key });
    expect(res.status).toBe(404);
    expect((res.body as RestError).data?.memroCode).toBe("NOT_FOUND");
    expect((await fetch(`${t.url}/nowhere`)).status).toBe(404);
  });

  it("409 when a decided promotion is decided again", async () => {
    const gated = await rest(t.url, "POST", "/memories", {
      token: key,
      body: { memory: { tier: "knowledge", content: "VAT is 20%" } },
    });
    const id = (gated.body as { promotionId: string }).promotionId;
    expect(
      (await rest(t.url, "POST", `/promotions/${id}/approve`, { token: t.adminToken, body: {} })).status,
    ).toBe(200);
    const again = await rest(t.url, "POST", `/promotions/${id}/approve`, { token: t.adminToken, body: {} });
    expect(again.status).toBe(409);
    expect((again.body as RestError).data?.memroCode).toBe("CONFLICT");
  });

  it("413 for an oversized body on REST, tRPC and MCP (declared or streamed)", async () => {
    const big = JSON.stringify({ memory: { tier: "vector", content: "x".repeat(MAX_BODY + 10) } });
    const headers = {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    expect((await fetch(`${t.url}/api/v1/memories`, { method: "POST", headers, body: big })).status).toBe(
      413,
    );
    expect((await fetch(`${t.url}/trpc/memories.write`, { method: "POST", headers, body: big })).status).toBe(
      413,
    );
    expect((await fetch(`${t.url}/mcp`, { method: "POST", headers, body: big })).status).toBe(413);
    // Without content-length (chunked), the limit still holds.
    const stream = () =>
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      });
    const chunked = { method: "POST", headers, body: stream(), duplex: "half" } as RequestInit;
    expect((await fetch(`${t.url}/mcp`, chunked)).status).toBe(413);
    expect((await fetch(`${t.url}/api/v1/memories`, { ...chunked, body: stream() })).status).toBe(413);
  });

  describe("429 with Retry-After", () => {
    let limited: string;
    let mcp: Client;
    beforeAll(async () => {
      limited = ten.agents.limited!.key;
      const set = await rest(t.url, "PUT", "/policies", {
        token: t.adminToken,
        body: {
          namespaceId: ten.namespaceId,
          agentId: ten.agents.limited!.id,
          tier: "vector",
          read: "shared",
          write: "direct",
          writesPerMinute: 1,
        },
      });
      expect(set.status).toBe(200);
      const first = await rest(t.url, "POST", "/memories", {
        token: limited,
        body: { memory: { tier: "vector", content: "first write" } },
      });
      expect(first.status).toBe(200);
      mcp = await mcpClient(t.url, limited);
    });
    afterAll(async () => {
      await mcp?.close();
    });

    it("REST", async () => {
      const res = await rest(t.url, "POST", "/memories", {
        token: limited,
        body: { memory: { tier: "vector", content: "second" } },
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((res.body as RestError).data?.memroCode).toBe("RATE_LIMITED");
    });

    it("tRPC", async () => {
      const res = await trpc(
        t.url,
        "mutation",
        "memories.write",
        { memory: { tier: "vector", content: "third" } },
        limited,
      );
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(res.error?.data.memroCode).toBe("RATE_LIMITED");
    });

    it("MCP (a tool error with the code and retryAfterSeconds)", async () => {
      const out = await callTool(mcp, "memory_write", { memory: { tier: "vector", content: "fourth" } });
      expect(out.error).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 60 } });
    });

    it("sign-in lock-out", async () => {
      let res = await rest(t.url, "POST", "/auth/sign-in", {
        body: { email: "nobody@test.local", password: "wrong", bearer: true },
      });
      for (let i = 0; i < 12 && res.status !== 429; i++) {
        res = await rest(t.url, "POST", "/auth/sign-in", {
          body: { email: "nobody@test.local", password: "wrong", bearer: true },
        });
      }
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(60);
    });
  });

  it("a NUL byte (valid JSON, refused by PostgreSQL) is a clear 400 on REST and tRPC, nothing internal shown", async () => {
    const res = await rest(t.url, "POST", "/memories", {
      token: key,
      body: { memory: { tier: "episodic", content: "nul \u0000 byte" } },
    });
    expect(res.status).toBe(400);
    expect((res.body as RestError).message).toMatch(/NUL character/);
    expect(JSON.stringify(res.body)).not.toMatch(/0x00|byte sequence|postgres|at .*\.ts|stack/i);
    const viaTrpc = await trpc(
      t.url,
      "mutation",
      "memories.write",
      { memory: { tier: "episodic", content: "nul \u0000 again" } },
      key,
    );
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.error?.message).toMatch(/NUL character/);
  });
});
