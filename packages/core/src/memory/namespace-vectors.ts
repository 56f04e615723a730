import { DOTS_WASM_BASE64 } from "./dots-wasm.js";

// The Node typings in use do not declare WebAssembly; these are the parts used here.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    constructor(descriptor: { initial: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
}

/** The query sits at the start of each namespace's wasm memory; vectors follow. */
const QUERY_BYTES = 8192;
const WASM_PAGE = 65536;
const dotsModule = new WebAssembly.Module(Buffer.from(DOTS_WASM_BASE64, "base64"));

type Dots = (data: number, n: number, dims: number, query: number, out: number) => void;

/**
 * One namespace's vectors, packed in a WebAssembly memory so the exact scan runs as SIMD
 * (`wasm/dots.wat`, about 4× the plain loop). Slots are dense: removing one moves the last in.
 */
export class NamespaceVectors {
  ids: string[] = [];
  index = new Map<string, number>();
  dims = 0;
  maxSeq = 0;
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly dots = new WebAssembly.Instance(dotsModule, { env: { memory: this.memory } }).exports
    .dots as Dots;

  /** A view of slot `slot` (views are re-made: growing the memory detaches old ones). */
  private view(offset: number, length: number) {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  private reserve(bytes: number) {
    const short = bytes - this.memory.buffer.byteLength;
    if (short > 0)
      this.memory.grow(Math.max(Math.ceil(short / WASM_PAGE), this.memory.buffer.byteLength / WASM_PAGE));
  }

  private offsetOf(slot: number) {
    return QUERY_BYTES + slot * this.dims * 4;
  }

  upsert(id: string, vector: ArrayLike<number>) {
    if (this.dims === 0) this.dims = vector.length;
    let slot = this.index.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.index.set(id, slot);
      this.reserve(this.offsetOf(slot + 1));
    }
    this.view(this.offsetOf(slot), this.dims).set(vector);
  }

  /** Drops a vector (its embedding became NULL, as erasure does): the last slot moves into its place. */
  remove(id: string) {
    const slot = this.index.get(id);
    if (slot === undefined) return;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.view(this.offsetOf(slot), this.dims).set(this.view(this.offsetOf(last), this.dims));
      this.ids[slot] = moved;
      this.index.set(moved, slot);
    }
    this.ids.pop();
    this.index.delete(id);
  }

  similarity(slot: number, query: Float32Array): number {
    const v = this.view(this.offsetOf(slot), this.dims);
    let dot = 0;
    for (let d = 0; d < this.dims; d++) dot += v[d]! * query[d]!;
    return dot;
  }

  /** The similarity of every slot to `query`, in slot order (valid until the next call). */
  scores(query: Float32Array): Float32Array {
    const n = this.ids.length;
    if (n === 0) return new Float32Array(0);
    if (this.dims % 8 !== 0 || this.dims * 4 > QUERY_BYTES) {
      return Float32Array.from(this.ids, (_, slot) => this.similarity(slot, query));
    }
    const out = this.offsetOf(n);
    this.reserve(out + n * 4);
    this.view(0, this.dims).set(query);
    this.dots(QUERY_BYTES, n, this.dims, 0, out);
    return this.view(out, n);
  }
}
