import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, rest, startTestApi, type Tenant, type TestApi, tenant } from "./helpers.js";
import { callTool, connect } from "./mcp-helpers.js";

const root = new URL("../../..", import.meta.url).pathname;
/** The `memro` bin, run from source (the built dist/cli.js is the same file compiled). */
const CLI = ["--import", "tsx", "--conditions=source", "apps/api/src/cli.ts"];
const BUILT = "apps/api/dist/cli.js";

function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (code) => ok({ code, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

describe("memro CLI", () => {
  let t: TestApi;
  let ten: Tenant;

  beforeAll(async () => {
    t = await startTestApi();
    ten = await tenant(t, ["claude"]);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("memro mcp bridges stdio to the HTTP endpoint (the SDK's stdio client drives it)", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...CLI, "mcp", "--url", t.url],
      cwd: root,
      env: { PATH: process.env.PATH ?? "", MEMRO_API_KEY: ten.agents.claude!.key },
      stderr: "pipe",
    });
    const client = await connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe("memro");
      const { tools } = await client.listTools();
      expect(tools.map((x) => x.name)).toContain("memory_write");
      const written = await callTool(client, "memory_write", {
        memory: { tier: "vector", content: "bridged through stdio" },
      });
      expect(written.value).toMatchObject({ status: "created" });
      const id = (written.value as { memory: { id: string } }).memory.id;
      const events = await auditEvents(t, ten.namespaceId, { targetId: id });
      expect(events[0]).toMatchObject({ action: "memory.create", actorId: ten.agents.claude!.id });
      const err = await callTool(client, "memory_get", { id: "not-a-memory" });
      expect(err.error?.code).toBe("NOT_FOUND");
    } finally {
      await client.close();
    }
  });

  it.skipIf(!existsSync(`${root}${BUILT}`))(
    "the built dist/cli.js (what `claude mcp add` runs) bridges too",
    async () => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BUILT, "mcp", "--url", t.url, "--key", ten.agents.claude!.key],
        cwd: root,
        env: { PATH: process.env.PATH ?? "" },
        stderr: "pipe",
      });
      const client = await connect(transport);
      try {
        const found = await callTool(client, "memory_search", { query: "bridged" });
        expect(found.isError).toBe(false);
      } finally {
        await client.close();
      }
    },
  );

  it("memro mcp with a wrong key answers requests with an error instead of hanging", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...CLI, "mcp", "--url", t.url, "--key", "mk_wrong"],
      cwd: root,
      env: { PATH: process.env.PATH ?? "" },
      stderr: "pipe",
    });
    await expect(connect(transport)).rejects.toThrow(/401|memro/);
    await transport.close();
  });

  it("reads an option value that starts with a dash (one token in 64 does) as the value", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "memro-cp-")), "cp.json");
    writeFileSync(file, "{}");
    const out = await runCli([
      "audit",
      "verify",
      "--checkpoint",
      file,
      "--url",
      t.url,
      "--token",
      "-not-a-token",
    ]);
    // The token reached the api, which refused it; the argument parser did not.
    expect(out.stderr).toMatch(/^memro: verify failed: HTTP 401/);
    expect(out.code).toBe(1);
  });

  it("memro audit verify: exit 0 for a good checkpoint, 1 for a tampered one", async () => {
    const cp = await rest(t.url, "POST", "/audit/checkpoints", {
      token: t.adminToken,
      body: { namespaceId: ten.namespaceId },
    });
    expect(cp.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), "memro-cp-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(cp.body));
    const ok = await runCli([
      "audit",
      "verify",
      "--checkpoint",
      good,
      "--url",
      t.url,
      "--token",
      t.adminToken,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: /);
    expect(ok.stdout.split("\n")).toHaveLength(1);

    const body = cp.body as { headHash: string };
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ ...body, headHash: body.headHash.replace(/^./, (c) => (c === "0" ? "1" : "0")) }),
    );
    const failed = await runCli([
      "audit",
      "verify",
      "--checkpoint",
      bad,
      "--url",
      t.url,
      "--token",
      t.adminToken,
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED: /);
  });
});
