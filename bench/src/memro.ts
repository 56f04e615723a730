import {
  type Actor,
  authenticateApiKey,
  type Core,
  createAgent,
  createApiKey,
  createCore,
  createNamespace,
  DEFAULT_EMBEDDINGS,
  MAX_BATCH,
  searchMemories,
  systemActor,
  writeMemories,
} from "@memro/core";
import type { Retriever, RetrieverItem } from "./retriever.js";

type Agent = Extract<Actor, { type: "agent" }>;

/**
 * The product's own write and search path: one namespace and agent per conversation (made
 * through core with a system actor's operator rights), turns written as episodic memories in
 * batches, questions answered by `searchMemories`. One core (in-memory PGlite) for the run.
 */
export class MemroRetriever implements Retriever {
  readonly name = "memro";
  private core?: Core;
  private readonly agents = new Map<string, Agent>();
  private runId = Date.now().toString(36);

  constructor(private readonly options: { dataDir?: string } = {}) {}

  async setup(): Promise<void> {
    this.core = await createCore({
      db: { kind: "pglite", ...(this.options.dataDir ? { dataDir: this.options.dataDir } : {}) },
      embeddings: DEFAULT_EMBEDDINGS,
    });
  }

  async ingest(conversationId: string, items: RetrieverItem[]): Promise<void> {
    const core = this.need();
    // Creating namespaces and agents needs an admin; the system actor is one.
    const system = systemActor("benchmark setup");
    const slug = `bench-${this.runId}-${conversationId}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
    const ns = await createNamespace(core, system, { slug });
    const agent = await createAgent(core, system, { namespaceId: ns.id, name: "bench" });
    const { key } = await createApiKey(core, system, agent.id);
    const actor = await authenticateApiKey(core, key);
    this.agents.set(conversationId, actor);
    for (let i = 0; i < items.length; i += MAX_BATCH) {
      const batch = items.slice(i, i + MAX_BATCH).map((it) => ({
        tier: "episodic" as const,
        content: it.text,
        data: { speaker: it.speaker, episode: `session ${it.session}`, position: it.turn, sourceId: it.id },
        validFrom: it.time,
      }));
      await writeMemories(core, actor, batch);
    }
  }

  async search(conversationId: string, query: string, k: number): Promise<string[]> {
    const actor = this.agents.get(conversationId);
    if (!actor) return [];
    const hits = await searchMemories(this.need(), actor, { query, k, tiers: ["episodic"] });
    const ids = hits.map((h) => (h.memory.data as { sourceId?: string }).sourceId ?? "");
    return [...new Set(ids.filter(Boolean))];
  }

  async close(): Promise<void> {
    await this.core?.close();
    this.core = undefined;
  }

  private need(): Core {
    if (!this.core) throw new Error("memro retriever: setup() was not called");
    return this.core;
  }
}
