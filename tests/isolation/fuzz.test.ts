import { queryRows } from "@memro/db";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, tenant } from "../../apps/api/test/helpers.js";

const RUNS_PER_ROUTE = Number(process.env.MEMRO_FUZZ_RUNS ?? 12);

/** Values that break naive handlers: wrong types, NUL and odd unicode, injections, huge and negative numbers. */
const nasty = fc.oneof(
  fc.string(),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an injection probe, not a template
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\uD800",
    "\u202Eevil",
    "💥".repeat(50),
    "'; drop table memories; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "{{7*7}}",
    "${process.env}",
  ),
  fc.integer(),
  fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.constantFrom("{", "not json", "[1,2", '{"memory":', "\u0000", "null", "[]", '"x"'),
  fc
    .dictionary(
      fc.constantFrom(
        "memory",
        "query",
        "tier",
        "content",
        "id",
        "k",
        "namespaceId",
        "entities",
        "relations",
        "task",
        "extra",
        "reason",
        "data",
      ),
      nasty,
      { maxKeys: 4 },
    )
    .map((o) => JSON.stringify(o)),
  fc
    .record({
      memory: fc.record(
        {
          tier: fc.constantFrom("vector", "episodic", "knowledge", "skills", "graph", "nope"),
          content: nasty,
          data: nasty,
          extra: nasty,
        },
        { requiredKeys: [] },
      ),
    })
    .map((o) => JSON.stringify(o)),
);

describe("bad input on every REST route and MCP tool", () => {
  let t: TestApi;
  let key: string;
  let namespaceId: string;
  beforeAll(async () => {
    t = await startTestApi();
    const made = await tenant(t, ["fuzzer"]);
    key = made.agents.fuzzer!.key;
    namespaceId = made.namespaceId;
  }, 120_000);
  afterAll(async () => t?.dispose());

  const state = async () => {
    const [row] = await queryRows<{ m: number; p: number; e: number; r: number; head: number }>(
      t.api.core.memro.db,
      sql`select (select count(*)::int from memories where namespace_id = ${namespaceId}) as m,
        (select count(*)::int from promotions where namespace_id = ${namespaceId}) as p,
        (select count(*)::int from entities where namespace_id = ${namespaceId}) as e,
        (select count(*)::int from runs where namespace_id = ${namespaceId}) as r,
        (select coalesce(max(seq), 0)::int from audit_events where namespace_id = ${namespaceId} and action <> 'write_denied') as head`,
    );
    return row!;
  };

  it("REST: always a 4xx with a message (never a 5xx), and a refused request writes nothing", async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const targets = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== "get")
        .map((m) => ({ path, method: m.toUpperCase() })),
    );
    expect(targets.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const { path, method } of targets) {
      await fc.assert(
        fc.asyncProperty(
          body,
          fc.constantFrom("00000000-0000-4000-8000-000000000000", "not-a-uuid", "%00", "a".repeat(300)),
          async (payload, param) => {
            const before = await state();
            const res = await fetch(
              `${t.url}/api/v1${path.replace(/\{[^}]+\}/g, encodeURIComponent(param))}`,
              {
                method,
                headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
                body: payload,
              },
            );
            const text = await res.text();
            if (res.status >= 500)
              failures.push(
                `${method} ${path} ${payload.slice(0, 80)} → ${res.status} ${text.slice(0, 120)}`,
              );
            if (res.status >= 400) {
              if (!/"message"\s*:\s*"[^"]+"/.test(text))
                failures.push(`${method} ${path} → ${res.status} without a message`);
              const after = await state();
              if (JSON.stringify(after) !== JSON.stringify(before))
                failures.push(
                  `${method} ${path} → ${res.status} but wrote ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
                );
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: 4242 },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("REST: a body over the limit gets 413 and writes nothing", async () => {
    const before = await state();
    const res = await fetch(`${t.url}/api/v1/memories`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ memory: { tier: "vector", content: "x".repeat(3 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(await state()).toEqual(before);
  });

  it("MCP: every tool answers bad arguments with a tool error or a JSON-RPC error, never a 5xx", async () => {
    const rpc = async (method: string, params: unknown) => {
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
    const listed = await rpc("tools/list", {});
    expect(listed.status).toBe(200);
    const tools = (
      JSON.parse(listed.text.replace(/^[\s\S]*?data: /, "").split("\n")[0] || listed.text) as {
        result: { tools: { name: string }[] };
      }
    ).result.tools;
    expect(tools.length).toBeGreaterThan(9);
    const failures: string[] = [];
    const before = await state();
    for (const tool of tools) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(nasty, fc.dictionary(fc.string({ maxLength: 10 }), nasty, { maxKeys: 4 })),
          async (args) => {
            const r = await rpc("tools/call", { name: tool.name, arguments: args });
            if (r.status >= 500) failures.push(`${tool.name} → ${r.status} ${r.text.slice(0, 120)}`);
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: 4242 },
      );
    }
    expect(failures).toEqual([]);
    // Random arguments that happen to be valid may write; what must never happen is a partial write.
    const after = await state();
    expect(after.head).toBeGreaterThanOrEqual(before.head);
  }, 600_000);
});
