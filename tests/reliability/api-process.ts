import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
export const ADMIN = { email: "admin@reliability.test", password: "reliability-password-1" };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real api entry point (from source) as its own process, as an operator would. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const logs: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", "apps/api/src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      MEMRO_DATA_DIR: mkdtempSync(join(tmpdir(), "memro-rel-")),
      MEMRO_ADMIN_EMAIL: ADMIN.email,
      MEMRO_ADMIN_PASSWORD: ADMIN.password,
      MEMRO_EMBEDDING_WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => logs.push(String(d)));
  child.stderr!.on("data", (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited: ${logs.join("").slice(-2000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("api did not become healthy");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    logs,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}
