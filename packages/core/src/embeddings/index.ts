import { type MiniLmOptions, MiniLmProvider } from "./minilm.js";
import { OpenAICompatibleProvider } from "./openai-compatible.js";
import type { EmbeddingProvider } from "./provider.js";
import { type UseLiteOptions, UseLiteProvider } from "./use-lite.js";

export { type MiniLmOptions, MiniLmProvider } from "./minilm.js";
export { type OpenAICompatibleOptions, OpenAICompatibleProvider } from "./openai-compatible.js";
export { type EmbeddingProvider, toUnitVector } from "./provider.js";
export { USE_LITE_MAX_CHARS, type UseLiteOptions, UseLiteProvider } from "./use-lite.js";

export type EmbeddingProviderConfig =
  | ({ kind: "minilm" } & MiniLmOptions)
  | ({ kind: "use-lite"; workers?: number } & UseLiteOptions)
  | {
      kind: "openai";
      baseUrl: string;
      model: string;
      apiKey?: string;
      dimensions?: number;
      batchSize?: number;
    };

/** The model a core uses unless told otherwise. */
export const DEFAULT_EMBEDDINGS: EmbeddingProviderConfig = { kind: "minilm" };

export function createEmbeddingProvider(config: EmbeddingProviderConfig): EmbeddingProvider {
  switch (config.kind) {
    case "minilm": {
      const { kind: _, ...options } = config;
      return new MiniLmProvider(options);
    }
    case "use-lite": {
      const { kind: _, ...options } = config;
      return new UseLiteProvider(options);
    }
    case "openai": {
      const { kind: _, ...options } = config;
      return new OpenAICompatibleProvider(options);
    }
    default:
      throw new Error(`Unknown embedding provider kind: ${(config as { kind: unknown }).kind}`);
  }
}

/** Cosine similarity of unit vectors, i.e. their dot product. */
export function cosine(a: Float32Array | ArrayLike<number>, b: Float32Array | ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: length mismatch (${a.length} vs ${b.length})`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
