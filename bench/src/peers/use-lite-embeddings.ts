import { Embeddings } from "@langchain/core/embeddings";
import { createEmbeddingProvider, type EmbeddingProvider } from "@memro/core";

/** Our USE-lite model, as every system in a run embeds with the same model. */
export function useLiteProvider(): EmbeddingProvider {
  return createEmbeddingProvider({ kind: "use-lite", workers: 2 });
}

/** LangChain's `Embeddings` over our provider, for stores that take a LangChain embedder. */
export class UseLiteEmbeddings extends Embeddings {
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
