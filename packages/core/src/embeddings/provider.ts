export interface EmbeddingProvider {
  /** Stored beside each vector, e.g. "use-lite-512" or "openai:text-embedding-3-small". */
  readonly modelId: string;
  readonly dimensions: number;
  /** Unit-normalised vectors, one per text, same order. Batches internally. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Loads the model ahead of the first request (a server calls it at start). */
  warmup?(): Promise<void>;
  close(): Promise<void>;
}

/** Copies `values` into a new Float32Array scaled to unit length (norm summed in float64). */
export function toUnitVector(values: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(values.length);
  // A zero vector has no direction; keep it zero rather than produce NaNs.
  if (norm === 0 || !Number.isFinite(norm)) return out;
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm;
  return out;
}
