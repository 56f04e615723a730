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
