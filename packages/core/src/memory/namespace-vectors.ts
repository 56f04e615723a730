import { DOTS_I8_WASM_BASE64 } from "./dots-i8-wasm.js";
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

/** The query sits at the start of each wasm memory; vectors follow. */
const QUERY_BYTES = 8192;
const WASM_PAGE = 65536;
const dotsModule = new WebAssembly.Module(Buffer.from(DOTS_WASM_BASE64, "base64"));
const dotsI8Module = new WebAssembly.Module(Buffer.from(DOTS_I8_WASM_BASE64, "base64"));

type Dots = (data: number, n: number, dims: number, query: number, out: number) => void;

/** Fixed-width rows in a WebAssembly memory, scanned against a query by a SIMD `dots` kernel. */
class WasmRows {
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly dots: Dots;

  constructor(
    module: WebAssembly.Module,
    /** Bytes per row. */
    private readonly rowBytes: number,
  ) {
    this.dots = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports.dots as Dots;
  }

  get buffer() {
    return this.memory.buffer;
  }

  offsetOf(slot: number) {
    return QUERY_BYTES + slot * this.rowBytes;
  }

  /** Room for `slots` rows plus `extra` bytes after them (views made before are detached by growth). */
  reserve(slots: number, extra = 0) {
    const short = this.offsetOf(slots) + extra - this.memory.buffer.byteLength;
    if (short > 0)
      this.memory.grow(Math.max(Math.ceil(short / WASM_PAGE), this.memory.buffer.byteLength / WASM_PAGE));
  }

  move(from: number, to: number) {
    new Uint8Array(this.memory.buffer).copyWithin(
      this.offsetOf(to),
      this.offsetOf(from),
      this.offsetOf(from + 1),
    );
  }

  /** Runs the kernel over `n` rows with the query already written at offset 0; returns the output's offset. */
  scan(n: number, dims: number): number {
    const out = this.offsetOf(n);
    this.reserve(n, n * 4);
    this.dots(QUERY_BYTES, n, dims, 0, out);
    return out;
  }
}

/**
 * Signed-byte code of a vector scaled by its largest magnitude, in [-127, 127] (the SIMD kernel
 * relies on that range); returns the scale (value ≈ code × scale).
 */
function quantise(vector: ArrayLike<number>, into: Int8Array): number {
  let max = 0;
  for (let d = 0; d < vector.length; d++) max = Math.max(max, Math.abs(vector[d]!));
  const scale = max / 127 || 1;
  for (let d = 0; d < vector.length; d++) into[d] = Math.round(vector[d]! / scale);
  return scale;
}

/** Grows by doubling: one float per slot. */
class FloatList {
  data = new Float32Array(64);
  set(slot: number, v: number) {
    if (slot >= this.data.length) {
      const grown = new Float32Array(Math.max(slot + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[slot] = v;
  }
}

/**
 * One namespace's vectors, packed in WebAssembly memory so the scan runs as SIMD. Each vector
 * is kept twice: as f32 (exact similarities) and as signed bytes with a per-vector scale, a
 * quarter of the bytes, which the nearest-neighbour scan reads first; its best candidates are
 * then re-scored exactly. Slots are dense: removing one moves the last in.
 */
export class NamespaceVectors {
  ids: string[] = [];
  index = new Map<string, number>();
  dims = 0;
  maxSeq = 0;
  private exact?: WasmRows;
  private codes?: WasmRows;
  private readonly scales = new FloatList();
  /** Reused between scans: a fresh array per search was a steady source of GC pauses. */
  private approximate = new Float32Array(0);

  private init(dims: number) {
    this.dims = dims;
    this.exact = new WasmRows(dotsModule, dims * 4);
    this.codes = new WasmRows(dotsI8Module, dims);
  }

  private view(slot: number) {
    return new Float32Array(this.exact!.buffer, this.exact!.offsetOf(slot), this.dims);
  }

  upsert(id: string, vector: ArrayLike<number>) {
    if (this.dims === 0) this.init(vector.length);
    let slot = this.index.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.index.set(id, slot);
      this.exact!.reserve(slot + 1);
      this.codes!.reserve(slot + 1);
    }
    this.view(slot).set(vector);
    const code = new Int8Array(this.codes!.buffer, this.codes!.offsetOf(slot), this.dims);
    this.scales.set(slot, quantise(vector, code));
  }

  /** Drops a vector (its embedding became NULL, as erasure does): the last slot moves into its place. */
  remove(id: string) {
    const slot = this.index.get(id);
    if (slot === undefined) return;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.exact!.move(last, slot);
      this.codes!.move(last, slot);
      this.scales.set(slot, this.scales.data[last]!);
      this.ids[slot] = moved;
      this.index.set(moved, slot);
    }
    this.ids.pop();
    this.index.delete(id);
  }

  similarity(slot: number, query: Float32Array): number {
    const v = this.view(slot);
    let dot = 0;
    for (let d = 0; d < this.dims; d++) dot += v[d]! * query[d]!;
    return dot;
  }

  private get simd() {
    return this.dims % 16 === 0 && this.dims * 4 <= QUERY_BYTES;
  }

  /** The exact similarity of every slot to `query`, in slot order (valid until the next call). */
  scores(query: Float32Array): Float32Array {
    const n = this.ids.length;
    if (n === 0) return new Float32Array(0);
    if (!this.simd) return Float32Array.from(this.ids, (_, slot) => this.similarity(slot, query));
    const rows = this.exact!;
    new Float32Array(rows.buffer, 0, this.dims).set(query);
    // Scan first: it may grow the memory, which detaches any buffer taken before.
    const out = rows.scan(n, this.dims);
    return new Float32Array(rows.buffer, out, n);
  }

  /**
   * Approximate similarities of every slot (from the byte codes; error well under 0.01 for unit
   * vectors): for choosing which slots to score exactly. Valid until the next call.
   */
  approximateScores(query: Float32Array): Float32Array {
    const n = this.ids.length;
    if (n === 0 || !this.simd) return this.scores(query);
    const codes = this.codes!;
    const queryScale = quantise(query, new Int8Array(codes.buffer, 0, this.dims));
    const at = codes.scan(n, this.dims);
    const dots = new Int32Array(codes.buffer, at, n);
    if (this.approximate.length < n) this.approximate = new Float32Array(n * 2);
    const out = this.approximate.subarray(0, n);
    const scales = this.scales.data;
    for (let slot = 0; slot < n; slot++) out[slot] = dots[slot]! * scales[slot]! * queryScale;
    return out;
  }
}
