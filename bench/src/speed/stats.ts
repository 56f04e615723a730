/** Nearest-rank percentile of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function randomUnitVector(dims: number, seed: { n: number }): Float32Array {
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
