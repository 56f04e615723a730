import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rest, startTestApi, type Tenant, type TestApi, tenant } from "./helpers.js";
import { callTool, mcpClient } from "./mcp-helpers.js";

const AGENT_TOOLS = [
  "memory_search",
  "memory_get",
  "memory_write",
  "promotion_propose",
  "run_start",
  "checkpoint_raise_and_wait",
  "run_finish",
];
const GRAPH_TOOLS = [
  "create_entities",
  "create_relations",
  "add_observations",
  "delete_entities",
  "delete_observations",
  "delete_relations",
  "read_graph",
  "search_nodes",
  "open_nodes",
];

describe("MCP over streamable HTTP", () => {
  let t: TestApi;
  let ten: Tenant;
  let mcp: Client;

  beforeAll(async () => {
    t = await startTestApi();
    ten = await tenant(t, ["writer", "reader"]);
    // The reader's policies deny every write.
    for (const tier of ["vector", "graph", "episodic", "knowledge", "skills"]) {
      const r = await rest(t.url, "PUT", "/policies", {
        token: t.adminToken,
        body: {
          namespaceId: ten.namespaceId,
          agentId: ten.agents.reader!.id,
          tier,
          read: "shared",
          write: "deny",
        },
      });
      expect(r.status).toBe(200);
    }
    mcp = await mcpClient(t.url, ten.agents.writer!.key);
  });
  afterAll(async () => {
    await mcp?.close();
    await t?.dispose();
  });

  it("lists every tool for a writer, with hints and object input schemas", async () => {
    const { tools } = await mcp.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual([...AGENT_TOOLS, ...GRAPH_TOOLS].sort());
    const byName = new Map(tools.map((x) => [x.name, x]));
    expect(byName.get("memory_search")?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(byName.get("memory_write")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get("delete_entities")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");
    // Dates are ISO strings on the wire.
    const props = (byName.get("memory_search")?.inputSchema.properties ?? {}) as Record<
      string,
      { format?: string }
    >;
    expect(props.from?.format).toBe("date-time");
  });

  it("lists no write tools for an agent whose policies deny all writes, and refuses a call to one", async () => {
    const reader = await mcpClient(t.url, ten.agents.reader!.key);
    try {
      const { tools } = await reader.listTools();
      expect(tools.every((x) => x.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.map((x) => x.name).sort()).toEqual([
        "memory_get",
        "memory_search",
        "open_nodes",
        "read_graph",
        "search_nodes",
      ]);
      const denied = await callTool(reader, "memory_write", { memory: { tier: "vector", content: "nope" } });
      expect(denied.isError).toBe(true);
      expect(denied.error?.code).toBe("FORBIDDEN");
    } finally {
      await reader.close();
    }
  });

  it("tool errors carry the stable code", async () => {
    const missing = await callTool(mcp, "memory_get", { id: "00000000-0000-4000-8000-000000000000" });
    expect(missing).toMatchObject({ isError: true, error: { code: "NOT_FOUND" } });
    const bad = await callTool(mcp, "memory_write", { memory: { tier: "vector", content: "" } });
    expect(bad.error?.code).toBe("BAD_REQUEST");
    expect(((bad.error?.details?.issues ?? []) as unknown[]).length).toBeGreaterThan(0);
    const unknown = await callTool(mcp, "no_such_tool", {});
    expect(unknown.error?.code).toBe("NOT_FOUND");
  });

  it("runs: start (with its context pack), checkpoint approved by an operator while waiting, finish", async () => {
    const started = await callTool(mcp, "run_start", { task: "rotate the staging database password" });
    const { run, pack } = started.value as { run: { id: string; status: string }; pack: unknown };
    expect(run.status).toBe("running");
    expect(pack).toBeTruthy();

    const waiting = callTool(mcp, "checkpoint_raise_and_wait", {
      runId: run.id,
      label: "rotate now?",
      timeoutMs: 20_000,
    });
    let checkpointId: string | undefined;
    for (let i = 0; i < 100 && !checkpointId; i++) {
      const list = await rest(t.url, "POST", "/checkpoints/list", {
        token: t.adminToken,
        body: { namespaceId: ten.namespaceId, status: "pending" },
      });
      checkpointId = (list.body as { id: string; runId: string }[]).find((c) => c.runId === run.id)?.id;
      if (!checkpointId) await new Promise((r) => setTimeout(r, 50));
    }
    const decided = await rest(t.url, "POST", `/checkpoints/${checkpointId}/decide`, {
      token: t.adminToken,
      body: { decision: "approve" },
    });
    expect(decided.status).toBe(200);
    const result = await waiting;
    expect(result.value).toMatchObject({
      timedOut: false,
      checkpoint: { id: checkpointId, status: "approved" },
    });

    const finished = await callTool(mcp, "run_finish", {
      runId: run.id,
      outcome: "succeeded",
      summary: "rotated",
    });
    expect(finished.isError).toBe(false);
    expect(finished.value).toMatchObject({ status: "finished" });
  });

  it("answers 401 without a key, 401 with a wrong key, 403 for an operator token, 405 for GET", async () => {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "0" } },
    };
    const post = (headers: Record<string, string>) =>
      fetch(`${t.url}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify(init),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: "Bearer mk_wrong" })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${t.adminToken}` })).status).toBe(403);
    expect((await post({ authorization: `Bearer ${ten.agents.writer!.key}` })).status).toBe(200);
    const get = await fetch(`${t.url}/mcp`, {
      headers: { authorization: `Bearer ${ten.agents.writer!.key}`, accept: "text/event-stream" },
    });
    expect(get.status).toBe(405);
  });
});
