import { rest, type TestApi, tenant, trpc } from "../../apps/api/test/helpers.js";

export const SECRET = "zebra-launch-code-4471";

/** Namespace A with alpha (owner of private data), beta (same namespace) and a denied agent; namespace B with gamma. */
export async function buildFixture(t: TestApi) {
  const a = await tenant(t, ["alpha", "beta", "denied"]);
  const b = await tenant(t, ["gamma"]);
  const alpha = a.agents.alpha!.key;
  const call = async (type: "query" | "mutation", path: string, input: unknown, key = alpha) => {
    const r = await trpc(t.url, type, path, input, key);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    // biome-ignore lint/suspicious/noExplicitAny: fixture reads nested ids from untyped results
    return r.data as Record<string, any>;
  };
  const priv = await call("mutation", "memories.write", {
    memory: { tier: "vector", content: `private note ${SECRET}`, visibility: "private" },
  });
  const shared = await call("mutation", "memories.write", {
    memory: { tier: "episodic", content: "shared observation about the deploy" },
  });
  const pending = await call("mutation", "memories.write", {
    memory: { tier: "knowledge", content: "gated fact about the deploy" },
  });
  const entity = await call("mutation", "graph.createEntities", {
    entities: [{ name: `Secret Project ${SECRET}`, type: "project", visibility: "private" }],
  });
  const started = await call("mutation", "runs.start", { task: "look at the deploy" });
  const checkpoint = await call("mutation", "runs.raiseCheckpoint", { runId: started.run.id, label: "ok?" });
  for (const tier of ["vector", "graph", "episodic", "knowledge", "skills"]) {
    await rest(t.url, "PUT", "/policies", {
      token: t.adminToken,
      body: { namespaceId: a.namespaceId, agentId: a.agents.denied!.id, tier, read: "shared", write: "deny" },
    });
  }
  const keys = await rest(t.url, "GET", `/agents?namespaceId=${a.namespaceId}`, { token: t.adminToken });
  const keyId = (keys.body as { keys: { id: string }[] }[])[0]!.keys[0]!.id;
  return {
    a,
    b,
    ids: {
      namespaceId: a.namespaceId,
      privateMemory: priv.memory.id as string,
      sharedMemory: shared.memory.id as string,
      promotion: pending.promotionId as string,
      entity: entity.entities[0].entity.id as string,
      run: started.run.id as string,
      checkpoint: checkpoint.id as string,
      agent: a.agents.alpha!.id,
      key: keyId,
    },
  };
}
export type Fixture = Awaited<ReturnType<typeof buildFixture>>;
