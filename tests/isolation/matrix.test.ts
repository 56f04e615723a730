import { appRouter } from "@memro/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, startTestApi, type TestApi, trpc } from "../../apps/api/test/helpers.js";
import { buildFixture, type Fixture, SECRET } from "./fixture.js";
import { MATRIX, MCP_MATRIX } from "./matrix.js";

const procedures = Object.keys(
  (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures,
).sort();

describe("isolation matrix over every tRPC procedure", () => {
  let t: TestApi;
  let f: Fixture;
  beforeAll(async () => {
    t = await startTestApi();
    f = await buildFixture(t);
  }, 180_000);
  afterAll(async () => t?.dispose());

  it("has an entry for every procedure (a new procedure without one fails here)", () => {
    expect(procedures.filter((p) => !MATRIX[p])).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it("refuses every non-public procedure without a credential (401)", async () => {
    const wrong: string[] = [];
    for (const path of procedures) {
      const e = MATRIX[path]!;
      if (e.access === "public") continue;
      const r = await trpc(t.url, e.type, path, e.input(f));
      if (r.status !== 401) wrong.push(`${path}: ${r.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every REST route of the OpenAPI document without a credential (401)", async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const wrong: string[] = [];
    let routes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (path === "/auth/sign-in") continue;
        routes += 1;
        const url = `${t.url}/api/v1${path.replace(/\{[^}]+\}/g, f.ids.sharedMemory)}`;
        const res = await fetch(url, {
          method: method.toUpperCase(),
          ...(method === "get" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }),
        });
        if (res.status !== 401) wrong.push(`${method.toUpperCase()} ${path}: ${res.status}`);
      }
    }
    expect(routes).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it("refuses operator procedures to agent keys (403)", async () => {
    const wrong: string[] = [];
    for (const path of procedures.filter((p) => MATRIX[p]!.access === "operator")) {
      const e = MATRIX[path]!;
      const r = await trpc(t.url, e.type, path, e.input(f), f.a.agents.alpha!.key);
      if (r.status !== 403) wrong.push(`${path}: ${r.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a key of another namespace gets nothing of it: 403/404, or an answer without its data", async () => {
    const leaks: string[] = [];
    const gamma = f.b.agents.gamma!.key;
    for (const path of procedures) {
      const e = MATRIX[path]!;
      if (e.access === "public" || e.access === "operator") continue;
      // Ask for namespace A explicitly too: a key is bound to its own namespace whatever the input says.
      const r = await trpc(
        t.url,
        e.type,
        path,
        { ...(e.input(f) as object), namespaceId: f.ids.namespaceId },
        gamma,
      );
      const text = JSON.stringify(r.body);
      if (
        r.status < 300 &&
        (text.includes(SECRET) ||
          Object.values(f.ids).some((id) => id !== f.ids.namespaceId && text.includes(id)))
      ) {
        leaks.push(`${path}: ${r.status} ${text.slice(0, 160)}`);
      }
      if (r.status >= 500) leaks.push(`${path}: ${r.status}`);
    }
    expect(leaks).toEqual([]);
  });

  it("another agent of the same namespace never sees a private memory or entity, on any read path", async () => {
    const beta = f.a.agents.beta!.key;
    const leaks: string[] = [];
    for (const path of procedures) {
      const e = MATRIX[path]!;
      if (e.type !== "query" || e.access === "operator" || e.access === "public") continue;
      const r = await trpc(t.url, e.type, path, e.input(f), beta);
      const text = JSON.stringify(r.body);
      if (text.includes(SECRET) || text.includes(f.ids.privateMemory)) leaks.push(`${path}: ${r.status}`);
    }
    // The task names the secret's words (not the secret itself, which the pack would echo as the task).
    const pack = await trpc(
      t.url,
      "mutation",
      "runs.start",
      { task: "private note zebra launch code 4471" },
      beta,
    );
    expect(pack.status).toBe(200);
    const packText = JSON.stringify(pack.body);
    if (packText.includes(SECRET) || packText.includes(f.ids.privateMemory))
      leaks.push("runs.start (context pack)");
    expect(leaks).toEqual([]);
  });

  it("MCP: every tool has an entry, and no tool gives another namespace's or another agent's private data", async () => {
    const rpc = async (key: string, method: string, params: unknown) => {
      const res = await fetch(`${t.url}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${key}`,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return { status: res.status, text: await res.text() };
    };
    const listed = await rpc(f.a.agents.alpha!.key, "tools/list", {});
    const names = [...listed.text.matchAll(/"name":"([a-z_]+)"/g)]
      .map((m) => m[1]!)
      .filter((n) => n in MCP_MATRIX);
    const all = new Set([...listed.text.matchAll(/"name":"([a-z_]+)"/g)].map((m) => m[1]!));
    const tools = [...all].filter((n) =>
      /^(memory_|promotion_|run_|checkpoint_|create_|add_|delete_|read_|search_|open_)/.test(n),
    );
    expect(tools.filter((n) => !(n in MCP_MATRIX))).toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(16);
    const leaks: string[] = [];
    // A tool may echo the caller's own arguments (a name it was not found under); it must never
    // return A's ids, nor the secret when the caller did not send it.
    const leaked = (text: string, args: unknown) =>
      (!JSON.stringify(args).includes(SECRET) && text.includes(SECRET)) ||
      [f.ids.privateMemory, f.ids.entity, f.ids.run, f.ids.checkpoint].some((id) => text.includes(id));
    for (const name of tools) {
      const args = MCP_MATRIX[name]!(f);
      const other = await rpc(f.b.agents.gamma!.key, "tools/call", { name, arguments: args });
      if (other.status >= 500 || leaked(other.text, args))
        leaks.push(`gamma ${name}: ${other.status} ${other.text.slice(0, 120)}`);
    }
    for (const name of [
      "memory_search",
      "memory_get",
      "read_graph",
      "search_nodes",
      "open_nodes",
      "run_start",
    ]) {
      const same = await rpc(f.a.agents.beta!.key, "tools/call", { name, arguments: MCP_MATRIX[name]!(f) });
      if (same.text.includes(SECRET) || same.text.includes(f.ids.privateMemory)) leaks.push(`beta ${name}`);
    }
    expect(leaks).toEqual([]);
    expect((await fetch(`${t.url}/mcp`, { method: "POST", body: "{}" })).status).toBe(401);
  });

  it("a denied agent's writes are 403 with a write_denied event, and nothing is written", async () => {
    const denied = f.a.agents.denied!;
    for (const path of procedures.filter((p) => MATRIX[p]!.policyWrite)) {
      const e = MATRIX[path]!;
      const before = (await auditEvents(t, f.ids.namespaceId, { actorId: denied.id })).length;
      const r = await trpc(t.url, e.type, path, e.input(f), denied.key);
      expect(r.status, path).toBe(403);
      const events = await auditEvents(t, f.ids.namespaceId, { actorId: denied.id });
      expect(events.length, path).toBe(before + 1);
      expect(events[0]!.action, path).toBe("write_denied");
    }
  });
});
