import { Embeddings } from "@langchain/core/embeddings";
import { createEmbeddingProvider, DEFAULT_EMBEDDINGS, type EmbeddingProvider } from "@memro/core";

/** The product's embedding model: every system in a run embeds with the same model. */
export function sharedEmbeddingProvider(): EmbeddingProvider {
  return createEmbeddingProvider(DEFAULT_EMBEDDINGS);
}

/** LangChain's `Embeddings` over our provider, for stores that take a LangChain embedder. */
export class ProviderEmbeddings extends Embeddings {
  constructor(private readonly provider: EmbeddingProvider) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.provider.embed(texts)).map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.provider.embed([text]);
    return Array.from(v!);
  }
}

/**
 * The product's model, except for texts whose vectors were given ahead: the speed benchmark
 * loads every system with the same precomputed vectors and embeds only the queries live.
 */
export class PrecomputedEmbeddingProvider implements EmbeddingProvider {
  private readonly known = new Map<string, Float32Array>();

  constructor(private readonly base: EmbeddingProvider = sharedEmbeddingProvider()) {}

  get modelId(): string {
    return this.base.modelId;
  }

  get dimensions(): number {
    return this.base.dimensions;
  }

  remember(text: string, vector: Float32Array): void {
    this.known.set(text, vector);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const unknown = texts.filter((t) => !this.known.has(t));
    const fresh = unknown.length > 0 ? await this.base.embed(unknown) : [];
    let next = 0;
    return texts.map((t) => this.known.get(t) ?? fresh[next++]!);
  }

  warmup(): Promise<void> {
    return this.base.warmup?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.base.close();
  }
}
