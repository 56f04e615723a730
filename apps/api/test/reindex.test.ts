import { spawn } from "node:child_process";
import { memories } from "@memro/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rest, startTestApi, type TestApi, tenant } from "./helpers.js";

const root = new URL("../../..", import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=source", "apps/api/src/cli.ts", ...args],
      {
        cwd: root,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("memro reindex", () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => t?.dispose());

  it("re-embeds what another model made, drawing progress from the api's stream", async () => {
    const ns = await tenant(t, ["alpha"]);
    for (const content of ["first note to reindex", "second note to reindex", "third note to reindex"]) {
      const r = await rest(t.url, "POST", "/memories", {
        token: ns.agents.alpha!.key,
        body: { memory: { tier: "vector", content } },
      });
      expect(r.status).toBe(200);
    }
    await t.api.core.memro.db
      .update(memories)
      .set({ embeddingModel: "old-model" })
      .where(eq(memories.namespaceId, ns.namespaceId));
    const run = await cli([
      "reindex",
      "--namespace",
      ns.namespaceId,
      "--url",
      t.url,
      "--token",
      t.adminToken,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("3/3");
    expect(run.stdout).toContain("reindexed 3 memories");
    const again = await cli([
      "reindex",
      "--namespace",
      ns.namespaceId,
      "--url",
      t.url,
      "--token",
      t.adminToken,
    ]);
    expect(again.stdout).toContain("reindexed 0 memories");
  });

  it("is for admins only", async () => {
    const ns = await tenant(t, ["beta"]);
    const res = await fetch(`${t.url}/admin/reindex?namespaceId=${ns.namespaceId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ns.agents.beta!.key}` },
    });
    expect(res.status).toBe(403);
    const anonymous = await fetch(`${t.url}/admin/reindex?namespaceId=${ns.namespaceId}`, { method: "POST" });
    expect(anonymous.status).toBe(401);
  });
});
