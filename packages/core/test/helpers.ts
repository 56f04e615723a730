import { openTestDb, type TestDb } from "@memro/db/testing";
import {
  type Actor,
  authenticateApiKey,
  type Core,
  createAgent,
  createApiKey,
  createCore,
  createNamespace,
  createOperator,
  systemActor,
} from "../src/index.js";

export interface Harness {
  core: Core;
  testDb: TestDb;
  admin: Actor;
  dispose(): Promise<void>;
}

/** One database and one embedding model per test file (PGlite, or a fresh PostgreSQL database). */
export async function setupCore(): Promise<Harness> {
  const testDb = await openTestDb();
  const core = await createCore({ db: testDb, embeddings: { kind: "minilm", threads: 1 } });
  const system = systemActor("test setup");
  const op = await createOperator(core, system, {
    email: `admin-${Math.random().toString(36).slice(2)}@test.local`,
    role: "admin",
    password: "correct horse battery",
  });
  const admin: Actor = { type: "operator", operatorId: op.id, role: "admin" };
  return {
    core,
    testDb,
    admin,
    async dispose() {
      await core.embeddings.close();
      await testDb.dispose();
    },
  };
}

let counter = 0;
/** A fresh namespace with named agents, each authenticated through a real API key. */
export async function tenant(h: Harness, agentNames: string[] = ["alpha", "beta"]) {
  const ns = await createNamespace(h.core, h.admin, { slug: `t${Date.now().toString(36)}-${counter++}` });
  const agents: Record<string, Extract<Actor, { type: "agent" }>> = {};
  for (const name of agentNames) {
    const agent = await createAgent(h.core, h.admin, { namespaceId: ns.id, name });
    const { key } = await createApiKey(h.core, h.admin, agent.id);
    agents[name] = await authenticateApiKey(h.core, key);
  }
  return { ns, agents };
}

export async function operator(h: Harness, role: "viewer" | "approver" | "admin"): Promise<Actor> {
  const op = await createOperator(h.core, h.admin, {
    email: `${role}-${Math.random().toString(36).slice(2)}@test.local`,
    role,
    password: "correct horse battery",
  });
  return { type: "operator", operatorId: op.id, role };
}

/** A vector-tier memory to write, shared unless said otherwise. */
export const note = (content: string, visibility: "shared" | "private" = "shared") => ({
  tier: "vector" as const,
  content,
  visibility,
});
