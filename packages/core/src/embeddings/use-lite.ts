import { Worker } from "node:worker_threads";
import type { EmbeddingProvider } from "./provider.js";

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

interface Task {
  id: number;
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  loaded: boolean;
  gone: boolean;
  ready: Promise<void>;
  settleReady: (err?: Error) => void;
}

type WorkerReply =
  | { ready: boolean; error?: string }
  | { id: number; vectors?: Float32Array; error?: string };

/**
 * Universal Sentence Encoder Lite (512-d), offline, run in a lazily started pool of worker threads.
 * Texts over `maxChars` are truncated; an empty text is embedded as " " (the raw model mis-aligns on "").
 */
export class UseLiteProvider implements EmbeddingProvider {
  readonly modelId = "use-lite-512";
  readonly dimensions = DIMENSIONS;
  private readonly size: number;
  private readonly batchSize: number;
  private readonly maxChars: number;
  private readonly workerUrl: URL;
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: UseLiteOptions = {}) {
    this.size = positiveInt(options.workers ?? 2, "workers");
    this.batchSize = positiveInt(options.batchSize ?? 32, "batchSize");
    this.maxChars = positiveInt(options.maxChars ?? USE_LITE_MAX_CHARS, "maxChars");
    this.workerUrl = options.workerUrl ?? new URL("../../workers/use-lite-worker.mjs", import.meta.url);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error("UseLiteProvider is closed");
    const prepared = texts.map((t) => truncate(t, this.maxChars));
    const chunks: Promise<Float32Array[]>[] = [];
    for (let i = 0; i < prepared.length; i += this.batchSize) {
      chunks.push(this.run(prepared.slice(i, i + this.batchSize)));
    }
    return (await Promise.all(chunks)).flat();
  }

  /** Starts the pool and waits until every worker has loaded the model (e.g. at server start). */
  async warmup(): Promise<void> {
    if (this.closed) throw new Error("UseLiteProvider is closed");
    while (this.slots.length < this.size) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error("UseLiteProvider closed");
    for (const task of this.queue.splice(0)) task.reject(err);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.gone = true;
      slot.task?.reject(err);
      slot.settleReady(err);
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private run(texts: string[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed || this.queue.length === 0) return;
    while (this.slots.length < this.size) this.spawn();
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, texts: task.texts });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl);
    let settleReady!: (err?: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      settleReady = (err) => (err ? reject(err) : resolve());
    });
    ready.catch(() => {}); // only warmup() cares; tasks get their own errors
    const slot: Slot = { worker, task: null, loaded: false, gone: false, ready, settleReady };
    this.slots.push(slot);
    worker.on("message", (msg: WorkerReply) => this.onMessage(slot, msg));
    worker.on("error", (err) => this.onCrash(slot, `USE-lite worker crashed: ${err.message}`));
    worker.on("messageerror", (err) => this.onCrash(slot, `USE-lite worker message error: ${err.message}`));
    worker.on("exit", (code) => this.onCrash(slot, `USE-lite worker exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    if ("ready" in msg) {
      slot.loaded = true;
      slot.settleReady(msg.ready ? undefined : new Error(`USE-lite model failed to load: ${msg.error}`));
      if (!slot.task) slot.worker.unref();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.id) return;
    slot.task = null;
    if (slot.loaded) slot.worker.unref(); // an idle pool must not keep the process alive
    if (msg.error !== undefined || !msg.vectors) {
      task.reject(new Error(`USE-lite embedding failed: ${msg.error ?? "no vectors returned"}`));
    } else {
      const flat = msg.vectors;
      // Copy out each row so callers can keep or store `vector.buffer` on its own.
      task.resolve(task.texts.map((_, r) => flat.slice(r * DIMENSIONS, (r + 1) * DIMENSIONS)));
    }
    this.pump();
  }

  /** A dead worker fails its task; one that died before loading the model fails the queue too. */
  private onCrash(slot: Slot, message: string): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    const err = new Error(message);
    slot.settleReady(err);
    slot.task?.reject(err);
    slot.task = null;
    if (!slot.loaded) {
      for (const task of this.queue.splice(0)) task.reject(err);
    }
    this.pump();
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
