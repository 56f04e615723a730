import type { EmbeddingProvider } from "./provider.js";
import { EmbeddingWorkerPool } from "./worker-pool.js";

/**
 * Texts are cut to this many characters before embedding. USE-lite is trained on sentences and short
 * paragraphs, and its tokenizer grows super-linearly with length (100k chars took ~30 s).
 */
export const USE_LITE_MAX_CHARS = 4096;
const DIMENSIONS = 512;

export interface UseLiteOptions {
  /** Worker threads in the pool, started on first use. Default 2. */
  workers?: number;
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** Default USE_LITE_MAX_CHARS. */
  maxChars?: number;
  /** Override the worker script (for bundlers that move files, and tests). */
  workerUrl?: URL;
}

/**
 * Universal Sentence Encoder Lite (512-d), offline, run in a lazily started pool of worker threads.
 * Texts over `maxChars` are truncated; an empty text is embedded as " " (the raw model mis-aligns on "").
 */
export class UseLiteProvider implements EmbeddingProvider {
  readonly modelId = "use-lite-512";
  readonly dimensions = DIMENSIONS;
  private readonly batchSize: number;
  private readonly maxChars: number;
  private readonly pool: EmbeddingWorkerPool;

  constructor(options: UseLiteOptions = {}) {
    this.batchSize = positiveInt(options.batchSize ?? 32, "batchSize");
    this.maxChars = positiveInt(options.maxChars ?? USE_LITE_MAX_CHARS, "maxChars");
    this.pool = new EmbeddingWorkerPool({
      label: "USE-lite",
      workerUrl: options.workerUrl ?? new URL("../../workers/use-lite-worker.mjs", import.meta.url),
      size: positiveInt(options.workers ?? 2, "workers"),
      dimensions: DIMENSIONS,
    });
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const prepared = texts.map((t) => truncate(t, this.maxChars));
    const chunks: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < prepared.length; i += this.batchSize) {
      chunks.push(this.pool.run(prepared.slice(i, i + this.batchSize)));
    }
    return (await Promise.all(chunks)).flat();
  }

  /** Starts the pool and waits until every worker has loaded the model (e.g. at server start). */
  warmup(): Promise<void> {
    return this.pool.warmup();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  // Don't leave half of a surrogate pair at the cut.
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars);
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`UseLiteProvider: ${name} must be a positive integer`);
  return value;
}
