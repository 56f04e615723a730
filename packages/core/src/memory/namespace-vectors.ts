import { DOTS_WASM_BASE64 } from "./dots-wasm.js";
import { HAMMING_WASM_BASE64 } from "./hamming-wasm.js";
import { topIndexes } from "./top-k.js";

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
const hammingModule = new WebAssembly.Module(Buffer.from(HAMMING_WASM_BASE64, "base64"));

type Kernel = (data: number, n: number, width: number, query: number, out: number) => void;
type GatherKernel = (
  data: number,
  slots: number,
  m: number,
  dims: number,
  query: number,
  out: number,
) => void;

/**
 * A large namespace's nearest-neighbour scan first compares one sign bit per dimension (popcount
 * of XOR, a thirty-second of the f32 bytes) and scores exactly only the closest: this many per
 * result wanted, and at least this fraction of the namespace. Below that size every vector is
 * scored exactly. Measured on LoCoMo's MiniLM vectors (bench/experiments/FINDINGS.md).
 */
const SHORTLIST_PER_RESULT = 10;
const SHORTLIST_FRACTION = 0.02;

/** Fixed-width rows in a WebAssembly memory, scanned against a query by a SIMD kernel. */
class WasmRows {
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly exports: Record<string, unknown>;

  constructor(
    module: WebAssembly.Module,
    /** Bytes per row. */
    readonly rowBytes: number,
  ) {
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports;
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
  scan(n: number, width: number): number {
    const out = this.offsetOf(n);
    this.reserve(n, n * 4);
    (this.exports.dots as Kernel)(QUERY_BYTES, n, width, 0, out);
    return out;
  }

  /** Dot products of the f32 rows at `slots` (of `n` rows) with the query at offset 0, in slots' order. */
  scanAt(n: number, slots: number[], dims: number): Float32Array {
    const at = this.offsetOf(n);
    this.reserve(n, slots.length * 8);
    new Int32Array(this.memory.buffer, at, slots.length).set(slots);
    const out = at + slots.length * 4;
    (this.exports.dots_at as GatherKernel)(QUERY_BYTES, at, slots.length, dims, 0, out);
    return new Float32Array(this.memory.buffer, out, slots.length);
  }
}

/** One bit per dimension, set where the value is positive, in rows of whole 16-byte lanes. */
function writeSigns(vector: ArrayLike<number>, into: Uint8Array) {
  into.fill(0);
  for (let d = 0; d < vector.length; d++) if (vector[d]! > 0) into[d >> 3]! |= 1 << (d & 7);
}

/**
 * The `size` slots with the fewest differing bits (ties: lower slot first), in slot order: a
 * histogram of the distances (small integers) finds the cut in two passes, where a heap would
 * compare each of n scores.
 */
function closestSlots(distances: Int32Array, size: number, maxDistance: number): number[] {
  const counts = new Int32Array(maxDistance + 2);
  for (let i = 0; i < distances.length; i++) counts[distances[i]!]!++;
  let cut = 0;
  let below = 0;
  while (below + counts[cut]! < size) below += counts[cut++]!;
  let atCut = size - below;
  const slots: number[] = [];
  for (let i = 0; i < distances.length; i++) {
    const d = distances[i]!;
    if (d < cut || (d === cut && atCut-- > 0)) slots.push(i);
  }
  return slots;
}

/**
 * One namespace's vectors, packed in WebAssembly memory so the scans run as SIMD. Each vector
 * is kept twice: as f32 (exact similarities) and as sign bits, which a large namespace's
 * nearest-neighbour scan reads first; its closest are then scored exactly. Slots are dense:
 * removing one moves the last in.
 */
export class NamespaceVectors {
  ids: string[] = [];
  index = new Map<string, number>();
  dims = 0;
  maxSeq = 0;
  private exact?: WasmRows;
  private signs?: WasmRows;

  private init(dims: number) {
    this.dims = dims;
    this.exact = new WasmRows(dotsModule, dims * 4);
    this.signs = new WasmRows(hammingModule, Math.ceil(dims / 128) * 16);
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
      this.signs!.reserve(slot + 1);
    }
    this.view(slot).set(vector);
    const signs = this.signs!;
    writeSigns(vector, new Uint8Array(signs.buffer, signs.offsetOf(slot), signs.rowBytes));
  }

  /** Drops a vector (its embedding became NULL, as erasure does): the last slot moves into its place. */
  remove(id: string) {
    const slot = this.index.get(id);
    if (slot === undefined) return;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.exact!.move(last, slot);
      this.signs!.move(last, slot);
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

  /** How many sign bits of each slot differ from the query's, in slot order (valid until the next call). */
  signDistances(query: Float32Array): Int32Array {
    const n = this.ids.length;
    const signs = this.signs;
    if (n === 0 || !signs) return new Int32Array(0);
    writeSigns(query, new Uint8Array(signs.buffer, 0, signs.rowBytes));
    const out = signs.scan(n, signs.rowBytes);
    return new Int32Array(signs.buffer, out, n);
  }

  /** The exact similarity of each of `slots` to `query`, in that order (valid until the next call). */
  similaritiesAt(query: Float32Array, slots: number[]): Float32Array {
    if (!this.simd) return Float32Array.from(slots, (slot) => this.similarity(slot, query));
    new Float32Array(this.exact!.buffer, 0, this.dims).set(query);
    return this.exact!.scanAt(this.ids.length, slots, this.dims);
  }

  /**
   * The `k` most similar slots, best first (ties: lower slot first). Exact for a namespace of
   * up to SHORTLIST_PER_RESULT × k vectors (or 1 / SHORTLIST_FRACTION); beyond, the exact
   * scores of the sign-bit scan's shortlist.
   */
  nearest(query: Float32Array, k: number): { slot: number; similarity: number }[] {
    const n = this.ids.length;
    const size = Math.max(SHORTLIST_PER_RESULT * k, Math.ceil(n * SHORTLIST_FRACTION));
    if (size >= n || !this.simd) {
      const scores = this.scores(query);
      return topIndexes(scores, k).map((slot) => ({ slot, similarity: scores[slot]! }));
    }
    const shortlist = closestSlots(this.signDistances(query), size, this.dims);
    const exact = this.similaritiesAt(query, shortlist);
    return topIndexes(exact, k).map((i) => ({ slot: shortlist[i]!, similarity: exact[i]! }));
  }
}
