import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("memro reindex and backup", () => {
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
    expect(run.code, run.stderr).toBe(0);
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

  it("backup export writes a namespace with a byte bar; import restores it into another api whose chain verifies", async () => {
    const ns = await tenant(t, ["gamma"]);
    for (const content of ["backup note one", "backup note two"]) {
      await rest(t.url, "POST", "/memories", {
        token: ns.agents.gamma!.key,
        body: { memory: { tier: "episodic", content } },
      });
    }
    const file = join(mkdtempSync(join(tmpdir(), "memro-cli-backup-")), "ns.jsonl");
    const exported = await cli([
      "backup",
      "export",
      "--namespace",
      ns.namespaceId,
      "--out",
      file,
      "--url",
      t.url,
      "--token",
      t.adminToken,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/export \(bytes\) \[#+\] (\d+)\/\1/);
    const other = await startTestApi();
    try {
      const imported = await cli([
        "backup",
        "import",
        "--file",
        file,
        "--url",
        other.url,
        "--token",
        other.adminToken,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(`imported namespace ${ns.namespaceId}`);
      expect(imported.stderr).toContain("restoring memories: 2 rows");
      const chain = await rest(other.url, "GET", `/audit/verify?namespaceId=${ns.namespaceId}`, {
        token: other.adminToken,
      });
      const original = await rest(t.url, "GET", `/audit/verify?namespaceId=${ns.namespaceId}`, {
        token: t.adminToken,
      });
      expect(chain.body).toMatchObject({
        ok: true,
        headHash: (original.body as { headHash: string }).headHash,
      });
      const again = await cli([
        "backup",
        "import",
        "--file",
        file,
        "--url",
        other.url,
        "--token",
        other.adminToken,
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("409");
    } finally {
      await other.dispose();
    }
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
    const exportByAgent = await fetch(`${t.url}/admin/backup/export?namespaceId=${ns.namespaceId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ns.agents.beta!.key}` },
    });
    expect(exportByAgent.status).toBe(403);
  });
});
