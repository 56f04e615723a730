import { InMemoryStore, type PutOperation } from "@langchain/langgraph";
import type { EmbeddingProvider } from "@memro/core";
import type { Retriever, RetrieverItem } from "../retriever.js";
import { ProviderEmbeddings, sharedEmbeddingProvider } from "./shared-embeddings.js";

const PUT_BATCH = 500;

/**
 * LangGraph.js `InMemoryStore` with semantic search (its index config), embedding with our
 * model (or the provider given): one store namespace per conversation, one item per turn, key = id.
 */
export class LangGraphRetriever implements Retriever {
  readonly name = "langgraph-inmemory";
  private store?: InMemoryStore;

  constructor(private provider?: EmbeddingProvider) {}

  async setup(): Promise<void> {
    this.provider ??= sharedEmbeddingProvider();
    const embeddings = new ProviderEmbeddings(this.provider);
    this.store = new InMemoryStore({
      index: { dims: this.provider.dimensions, embeddings, fields: ["text"] },
    });
  }

  async ingest(conversationId: string, items: RetrieverItem[]): Promise<void> {
    const ns = ["locomo", conversationId];
    for (let i = 0; i < items.length; i += PUT_BATCH) {
      // One batch embeds all its documents in one call.
      const ops: PutOperation[] = items
        .slice(i, i + PUT_BATCH)
        .map((it) => ({ namespace: ns, key: it.id, value: { text: it.text, speaker: it.speaker } }));
      await this.store!.batch(ops);
    }
  }

  async search(conversationId: string, query: string, k: number): Promise<string[]> {
    const hits = await this.store!.search(["locomo", conversationId], { query, limit: k });
    return hits.map((h) => h.key);
  }

  async close(): Promise<void> {
    await this.provider?.close();
  }
}
