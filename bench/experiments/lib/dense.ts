// Cached vectors (see embed-cache.ts; EMB=minilm or use-lite) and cosine scores per conversation.
import { existsSync, readFileSync } from "node:fs";
import { CACHE, dataset } from "./data.ts";

/** Which model's vectors: the product's MiniLM (384-d) or the earlier USE-lite (512-d). */
export const MODEL = process.env.EMB === "use-lite" ? "use-lite" : "minilm";
export const DIMS = MODEL === "minilm" ? 384 : 512;
const PREFIX = MODEL === "minilm" ? "minilm-" : "";

function load(name: string): Float32Array | undefined {
  const f = `${CACHE}${PREFIX}emb-${name}.f32`;
  if (!existsSync(f)) return undefined;
  const b = readFileSync(f);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

const itemOffset: number[] = [];
const queryOffset: number[] = [];
{
  let io = 0;
  let qo = 0;
  for (const c of dataset.cases) {
    itemOffset.push(io);
    queryOffset.push(qo);
    io += c.items.length;
    qo += c.queries.length;
  }
}

export const has = (name: string) => existsSync(`${CACHE}${PREFIX}emb-${name}.f32`);
const cache = new Map<string, Float32Array | undefined>();
const get = (name: string) => {
  if (!cache.has(name)) cache.set(name, load(name));
  const v = cache.get(name);
  if (!v) throw new Error(`no embeddings ${name}`);
  return v;
};

/** Cosine (dot of unit vectors) of question qi against every item of case ci. */
export function cosines(itemVariant: string, queryVariant: string, ci: number, qi: number): Float64Array {
  const I = get(itemVariant);
  const Q = get(queryVariant);
  const qOff = (queryOffset[ci]! + qi) * DIMS;
  const n = dataset.cases[ci]!.items.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = (itemOffset[ci]! + i) * DIMS;
    let s = 0;
    for (let d = 0; d < DIMS; d++) s += I[off + d]! * Q[qOff + d]!;
    out[i] = s;
  }
  return out;
}

/** Cosine of every item of case ci to the normalised centroid of the items `seeds` (dense feedback). */
export function centroidCosines(itemVariant: string, ci: number, seeds: number[]): Float64Array {
  const I = get(itemVariant);
  const base = itemOffset[ci]!;
  const c = new Float64Array(DIMS);
  for (const s of seeds) for (let d = 0; d < DIMS; d++) c[d] += I[(base + s) * DIMS + d]!;
  const norm = Math.hypot(...c) || 1;
  const n = dataset.cases[ci]!.items.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let d = 0; d < DIMS; d++) x += I[(base + i) * DIMS + d]! * c[d]!;
    out[i] = x / norm;
  }
  return out;
}
