import type { Fixture } from "./fixture.js";

export type Access = "public" | "agent" | "any" | "operator";
export interface Entry {
  access: Access;
  type: "query" | "mutation";
  /** The input, aimed at namespace A's objects. */
  input: (f: Fixture) => unknown;
  /** A write an agent makes through policy: a denied agent must get 403 and a write_denied event. */
  policyWrite?: boolean;
}

const ns = (f: Fixture) => ({ namespaceId: f.ids.namespaceId });
const q = (access: Access, input: Entry["input"]): Entry => ({ access, type: "query", input });
const m = (access: Access, input: Entry["input"], policyWrite = false): Entry => ({
  access,
  type: "mutation",
  input,
  policyWrite,
});

/**
 * Every tRPC procedure of the api, with who may call it and an input aimed at another
 * namespace's data. The suite fails when a procedure exists without an entry here.
 */
export const MATRIX: Record<string, Entry> = {
  "auth.signIn": m("public", () => ({ email: "nobody@test.local", password: "wrong-password" })),
  "auth.signOut": m("any", () => ({})),
  "auth.me": q("any", () => ({})),

  "memories.write": m("any", () => ({ memory: { tier: "vector", content: "isolation probe write" } }), true),
  "memories.get": q("any", (f) => ({ id: f.ids.privateMemory })),
  "memories.list": q("any", () => ({ limit: 500 })),
  "memories.search": q("any", () => ({ query: "zebra launch code private note", k: 50 })),
  "memories.update": m("any", (f) => ({ id: f.ids.privateMemory, content: "overwritten by an intruder" })),
  "memories.delete": m("any", (f) => ({ id: f.ids.privateMemory })),
  "memories.archive": m("any", (f) => ({ id: f.ids.privateMemory })),
  "memories.restore": m("any", (f) => ({ id: f.ids.privateMemory })),
  "memories.versions": q("any", (f) => ({ id: f.ids.privateMemory })),
  "memories.lineage": q("any", (f) => ({ id: f.ids.privateMemory })),

  "promotions.list": q("any", () => ({})),
  "promotions.propose": m("agent", (f) => ({
    sourceMemoryIds: [f.ids.privateMemory],
    targetTier: "knowledge",
    proposed: { content: "x" },
  })),
  "promotions.approve": m("operator", (f) => ({ id: f.ids.promotion })),
  "promotions.reject": m("operator", (f) => ({ id: f.ids.promotion, reason: "no" })),
  "promotions.withdraw": m("any", (f) => ({ id: f.ids.promotion })),

  "audit.list": q("operator", ns),
  "audit.verify": q("operator", ns),
  "audit.exportCheckpoint": m("operator", ns),
  "audit.verifyCheckpoint": q("operator", (f) => ({
    checkpoint: {
      namespaceId: f.ids.namespaceId,
      seq: 1,
      headHash: "0".repeat(64),
      at: new Date().toISOString(),
      algorithm: "ed25519",
      publicKey: "x",
      signature: "x",
    },
  })),

  "admin.namespaces": q("operator", () => ({})),
  "admin.createNamespace": m("operator", () => ({ slug: "intruder-namespace" })),
  "admin.agents": q("operator", ns),
  "admin.createAgent": m("operator", (f) => ({ namespaceId: f.ids.namespaceId, name: "intruder" })),
  "admin.createKey": m("operator", (f) => ({ agentId: f.ids.agent })),
  "admin.revokeKey": m("operator", (f) => ({ keyId: f.ids.key })),
  "admin.policyMatrix": q("operator", (f) => ({ namespaceId: f.ids.namespaceId, agentIds: [f.ids.agent] })),
  "admin.policies": q("operator", ns),
  "admin.setPolicy": m("operator", (f) => ({
    namespaceId: f.ids.namespaceId,
    agentId: null,
    tier: "vector",
    read: "shared",
    write: "direct",
  })),
  "admin.operators": q("operator", () => ({})),
  "admin.createOperator": m("operator", () => ({
    email: "intruder@test.local",
    role: "admin",
    password: "intruder-password-1",
  })),
  "admin.setOperatorRole": m("operator", (f) => ({ operatorId: f.ids.agent, role: "admin" })),
  "admin.decay": q("operator", ns),
  "admin.setDecay": m("operator", (f) => ({
    namespaceId: f.ids.namespaceId,
    decay: Object.fromEntries(
      ["vector", "episodic", "knowledge", "skills"].map((t) => [t, { halfLifeDays: 1, floor: 0.9 }]),
    ),
  })),
  "admin.sweepDecay": m("operator", (f) => ({ namespaceId: f.ids.namespaceId, dryRun: false })),
  "overview.get": q("operator", ns),

  "runs.start": m("agent", () => ({ task: "zebra launch code private note" })),
  "runs.get": q("any", (f) => ({ runId: f.ids.run })),
  "runs.list": q("any", () => ({})),
  "runs.pack": q("any", (f) => ({ runId: f.ids.run })),
  "runs.logStep": m("agent", (f) => ({ runId: f.ids.run, kind: "note", message: "intruder" })),
  "runs.finish": m("agent", (f) => ({ runId: f.ids.run, outcome: "failed" })),
  "runs.raiseCheckpoint": m("agent", (f) => ({ runId: f.ids.run, label: "intruder" })),
  "runs.checkpoint": q("any", (f) => ({ checkpointId: f.ids.checkpoint })),
  "runs.waitCheckpoint": m("agent", (f) => ({ checkpointId: f.ids.checkpoint, timeoutMs: 0 })),
  "runs.checkpoints": q("any", () => ({})),
  "runs.decideCheckpoint": m("operator", (f) => ({ checkpointId: f.ids.checkpoint, decision: "approve" })),
  "runs.previewRollback": q("any", (f) => ({ runId: f.ids.run })),
  "runs.rollback": m("any", (f) => ({ runId: f.ids.run, reason: "intruder" })),

  "graph.entities": q("any", () => ({})),
  "graph.entity": q("any", (f) => ({ ref: f.ids.entity })),
  "graph.read": q("any", () => ({})),
  "graph.search": q("any", () => ({ query: "Secret Project" })),
  "graph.open": q("any", () => ({ names: ["Secret Project zebra-launch-code-4471"] })),
  "graph.traverse": q("any", (f) => ({ start: [f.ids.entity], depth: 2 })),
  "graph.createEntities": m("any", () => ({ entities: [{ name: "Intruder Entity", type: "probe" }] }), true),
  "graph.updateEntity": m("any", (f) => ({ entity: f.ids.entity, summary: "intruder" })),
  "graph.addObservations": m("any", (f) => ({
    observations: [{ entity: f.ids.entity, contents: ["intruder"] }],
  })),
  "graph.deleteObservations": m("any", (f) => ({
    deletions: [{ entity: f.ids.entity, observations: ["x"] }],
  })),
  "graph.deleteEntities": m("any", (f) => ({ entities: [f.ids.entity] })),
  "graph.createRelations": m("any", (f) => ({
    relations: [{ from: f.ids.entity, to: f.ids.entity, type: "self" }],
  })),
  "graph.invalidateRelation": m("any", (f) => ({ id: f.ids.entity })),
  "graph.deleteRelations": m("any", (f) => ({ relations: [{ id: f.ids.entity }] })),
};

/** Arguments for every MCP tool, aimed at namespace A's data; a tool without an entry fails the suite. */
export const MCP_MATRIX: Record<string, (f: Fixture) => Record<string, unknown>> = {
  memory_search: () => ({ query: "zebra launch code private note", k: 50 }),
  memory_get: (f) => ({ id: f.ids.privateMemory }),
  memory_write: () => ({ memory: { tier: "vector", content: "isolation probe through MCP" } }),
  promotion_propose: (f) => ({
    sourceMemoryIds: [f.ids.privateMemory],
    targetTier: "knowledge",
    proposed: { content: "x" },
  }),
  run_start: () => ({ task: "private note zebra launch code 4471" }),
  checkpoint_raise_and_wait: (f) => ({ runId: f.ids.run, label: "intruder", timeoutMs: 0 }),
  run_finish: (f) => ({ runId: f.ids.run, outcome: "failed" }),
  create_entities: () => ({ entities: [{ name: "MCP Intruder", entityType: "probe", observations: [] }] }),
  create_relations: () => ({
    relations: [
      { from: "Secret Project zebra-launch-code-4471", to: "MCP Intruder", relationType: "spies_on" },
    ],
  }),
  add_observations: () => ({
    observations: [{ entityName: "Secret Project zebra-launch-code-4471", contents: ["intruder"] }],
  }),
  delete_entities: () => ({ entityNames: ["Secret Project zebra-launch-code-4471"] }),
  delete_observations: () => ({
    deletions: [{ entityName: "Secret Project zebra-launch-code-4471", observations: ["x"] }],
  }),
  delete_relations: () => ({
    relations: [
      { from: "Secret Project zebra-launch-code-4471", to: "MCP Intruder", relationType: "spies_on" },
    ],
  }),
  read_graph: () => ({}),
  search_nodes: () => ({ query: "Secret Project" }),
  open_nodes: () => ({ names: ["Secret Project zebra-launch-code-4471"] }),
};
