import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/trpc/root.js";
import { startTestApi, type TestApi } from "./helpers.js";

type Doc = { openapi: string; paths: Record<string, Record<string, { summary?: string }>> };

/** Every procedure that declares a REST route: "METHOD /path". */
function declaredRoutes(): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: { openapi?: { method: string; path: string } } } }
  >;
  return Object.values(procedures)
    .map((p) => p._def.meta?.openapi)
    .filter((o): o is { method: string; path: string } => Boolean(o))
    .map((o) => `${o.method.toUpperCase()} ${o.path}`)
    .sort();
}

describe("OpenAPI document and reference page", () => {
  let t: TestApi;
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApi();
    doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("validates with a standard OpenAPI validator", async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(doc.openapi).toMatch(/^3\./);
  });

  it("covers every procedure with openapi meta, and nothing else", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(40);
    expect(documented).toEqual(declared);
  });

  it("every documented route answers (no 404 from the router) ", async () => {
    for (const route of declaredRoutes()) {
      const [method, path] = route.split(" ") as [string, string];
      const concrete = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
      const res = await fetch(`${t.url}/api/v1${concrete}`, {
        method,
        headers: method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" },
        body: method === "GET" || method === "DELETE" ? undefined : "{}",
      });
      // Unauthenticated: 401 (or 400 for invalid input, 401/429 for sign-in), never "no such route".
      expect([400, 401, 429], route).toContain(res.status);
    }
  });

  it("/api/docs lists every route with method, path and summary, self-contained", async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const escapedPath = `/api/v1${path}`.replace(/&/g, "&amp;");
        expect(html).toContain(
          `<span class="m ${method}">${method.toUpperCase()}</span> <code>${escapedPath}</code>`,
        );
        if (op.summary)
          expect(html).toContain(
            op.summary.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;"),
          );
      }
    }
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!localhost)/);
  });
});
