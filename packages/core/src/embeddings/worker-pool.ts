import { Worker } from "node:worker_threads";

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

export interface WorkerPoolOptions {
  /** Names the model in errors, e.g. "USE-lite". */
  label: string;
  /** A plain ESM worker script (it loads under vitest's TS sources and from dist/ alike). */
  workerUrl: URL;
  /** Worker threads, started on first use. */
  size: number;
  dimensions: number;
  workerData?: unknown;
}

/**
 * A lazily started pool of embedding workers, so a model never blocks the event loop.
 * Protocol: the worker posts {ready: true} or {ready: false, error} once its model has loaded;
 * then answers {id, texts} with {id, vectors: Float32Array (texts × dimensions, transferred)}
 * or {id, error}. An idle pool does not keep the process alive.
 */
export class EmbeddingWorkerPool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new Error(`${this.options.label} provider is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
      this.pump();
    });
  }

  /** Starts the pool and waits until every worker has loaded the model (e.g. at server start). */
  async warmup(): Promise<void> {
    if (this.closed) throw new Error(`${this.options.label} provider is closed`);
    while (this.slots.length < this.options.size) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error(`${this.options.label} provider closed`);
    for (const task of this.queue.splice(0)) task.reject(err);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.gone = true;
      slot.task?.reject(err);
      slot.settleReady(err);
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    if (this.closed || this.queue.length === 0) return;
    while (this.slots.length < this.options.size) this.spawn();
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, texts: task.texts });
    }
  }

  private spawn(): Slot {
    const label = this.options.label;
    const worker = new Worker(this.options.workerUrl, { workerData: this.options.workerData });
    let settleReady!: (err?: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      settleReady = (err) => (err ? reject(err) : resolve());
    });
    ready.catch(() => {}); // only warmup() cares; tasks get their own errors
    const slot: Slot = { worker, task: null, loaded: false, gone: false, ready, settleReady };
    this.slots.push(slot);
    worker.on("message", (msg: WorkerReply) => this.onMessage(slot, msg));
    worker.on("error", (err) => this.onCrash(slot, `${label} worker crashed: ${err.message}`));
    worker.on("messageerror", (err) => this.onCrash(slot, `${label} worker message error: ${err.message}`));
    worker.on("exit", (code) => this.onCrash(slot, `${label} worker exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    const { label, dimensions } = this.options;
    if ("ready" in msg) {
      slot.loaded = true;
      slot.settleReady(msg.ready ? undefined : new Error(`${label} model failed to load: ${msg.error}`));
      if (!slot.task) slot.worker.unref();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.id) return;
    slot.task = null;
    if (slot.loaded) slot.worker.unref(); // an idle pool must not keep the process alive
    if (msg.error !== undefined || !msg.vectors) {
      task.reject(new Error(`${label} embedding failed: ${msg.error ?? "no vectors returned"}`));
    } else {
      const flat = msg.vectors;
      // Copy out each row so callers can keep or store `vector.buffer` on its own.
      task.resolve(task.texts.map((_, r) => flat.slice(r * dimensions, (r + 1) * dimensions)));
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
