import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../..", import.meta.url).pathname;

/** Runs the api's real entry point from source and returns how it ended. */
function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=source", "apps/api/src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", MEMRO_LOG_LEVEL: "silent", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr.trim() };
}

describe("start-up errors are one clear line", () => {
  it("names a wrong variable", () => {
    const r = start({ PORT: "not-a-port" });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^memro: configuration error: PORT:/);
  });

  it("names an unreachable DATABASE_URL without its password", () => {
    const r = start({ DATABASE_URL: "postgres://memro:hunter2@127.0.0.1:1/nowhere" });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^memro: cannot connect to PostgreSQL at postgres:\/\/memro:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
    expect(r.stderr).not.toContain("hunter2");
  });

  it("names an unwritable data directory", () => {
    const file = join(mkdtempSync(join(tmpdir(), "memro-")), "plain-file");
    writeFileSync(file, "");
    const r = start({ MEMRO_DATA_DIR: join(file, "data") });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^memro: data directory .* is not writable/);
  });
});
