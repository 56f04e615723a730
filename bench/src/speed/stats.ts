export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function latency(ms: number[]): Latency {
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), n: ms.length };
}

/** Nearest-rank percentile of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The benchmark's vectors, the same sequence for every database and every system in a run. */
export function vectorStream(dims: number): () => Float32Array {
  const seed = { n: 2463534242 };
  return () => randomUnitVector(dims, seed);
}

/** The q-th search query: a fragment of a stored observation's wording. */
export function speedQuery(q: number): string {
  return syntheticText(q * 31 + 7).slice(15, 70);
}

function randomUnitVector(dims: number, seed: { n: number }): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    // xorshift: repeatable data for both databases in one run.
    seed.n ^= seed.n << 13;
    seed.n ^= seed.n >>> 17;
    seed.n ^= seed.n << 5;
    v[i] = (seed.n >>> 0) / 0xffffffff - 0.5;
    norm += v[i]! * v[i]!;
  }
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i]! *= s;
  return v;
}

const WORDS = (
  "deploy cluster invoice refund customer billing latency outage backup restore migration schema index query " +
  "agent memory policy audit approval checkpoint rollback vector graph episode knowledge skill ticket support " +
  "meeting budget release incident alert dashboard report weekly monthly contract vendor payment shipping order"
).split(" ");

/** Short synthetic observations with a realistic word mix for full-text ranking. */
export function syntheticText(i: number): string {
  const pick = (k: number) => WORDS[(i * 7919 + k * 104729) % WORDS.length]!;
  return `Observation ${i}: the ${pick(1)} ${pick(2)} for ${pick(3)} ${pick(4)} was ${pick(5)} after the ${pick(6)} ${pick(7)}.`;
}
