type Scores = Float32Array | Float64Array;

/** Higher score first, then lower index. */
const before = (scores: Scores, x: number, y: number) =>
  scores[x]! > scores[y]! || (scores[x] === scores[y] && x < y);

/**
 * The indexes of the `k` best scores, best first (ties: lower index first), among `among` or
 * among all. A bounded min-heap: O(n log k), where sorting or insertion into a sorted list of
 * k dominated the scans (k is a few hundred, n up to hundreds of thousands).
 */
export function topIndexes(scores: Scores, k: number, among?: readonly number[]): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const sift = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && before(scores, heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && before(scores, heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  const offer = (index: number) => {
    if (heap.length < k) {
      heap.push(index);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!before(scores, heap[parent]!, heap[i]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (before(scores, index, heap[0]!)) {
      heap[0] = index;
      sift(0);
    }
  };
  if (among) for (const index of among) offer(index);
  else for (let index = 0; index < scores.length; index++) offer(index);
  return heap.sort((x, y) => (before(scores, x, y) ? -1 : 1));
}
