import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnv, type RunningApi, startApi } from "@memro/api";
import { openTestDb } from "@memro/db/testing";
import { createMemroClient, type MemroClient } from "../src/index.js";

export interface Harness {
  api: RunningApi;
  admin: MemroClient;
  adminToken: string;
  dispose(): Promise<void>;
}

const ADMIN = { email: "admin@sdk.test", password: "correct horse battery staple" };

/** The real api in-process (PGlite or a fresh PostgreSQL database) and an admin client. */
export async function startHarness(): Promise<Harness> {
  const db = await openTestDb();
  const env = loadEnv({
    MEMRO_LOG_LEVEL: "silent",
    MEMRO_EMBEDDING_WORKERS: "1",
    MEMRO_DATA_DIR: mkdtempSync(join(tmpdir(), "memro-sdk-")),
    MEMRO_ADMIN_EMAIL: ADMIN.email,
    MEMRO_ADMIN_PASSWORD: ADMIN.password,
  });
  const api = await startApi(env, { port: 0, db });
  const anon = createMemroClient({ url: api.url });
  const session = (await anon.trpc.auth.signIn.mutate({ ...ADMIN, bearer: true })) as { token: string };
  return {
    api,
    adminToken: session.token,
    admin: createMemroClient({ url: api.url, apiKey: session.token }),
    async dispose() {
      await api.close();
      await db.dispose().catch(() => {});
    },
  };
}

let n = 0;
/** A namespace with one agent; returns its id, the agent id and a client holding its key. */
export interface AgentClient {
  namespaceId: string;
  agentId: string;
  key: string;
  client: MemroClient;
}

export async function agentClient(h: Harness, name = "agent"): Promise<AgentClient> {
  const ns = (await h.admin.trpc.admin.createNamespace.mutate({
    slug: `sdk-${Date.now().toString(36)}-${n++}`,
  })) as { id: string };
  const agent = (await h.admin.trpc.admin.createAgent.mutate({ namespaceId: ns.id, name })) as { id: string };
  const { key } = (await h.admin.trpc.admin.createKey.mutate({ agentId: agent.id })) as { key: string };
  return {
    namespaceId: ns.id,
    agentId: agent.id,
    key,
    client: createMemroClient({ url: h.api.url, apiKey: key }),
  };
}
