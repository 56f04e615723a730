type Scores = Float32Array | Float64Array;

/**
 * The indexes of the `k` best scores, best first (ties: lower index first), among `among` or
 * among all. A bounded min-heap: O(n log k), where sorting or insertion into a sorted list of
 * k dominated the scans (k is a few hundred, n up to hundreds of thousands). Once the heap is
 * full, most scores lose to its weakest by one comparison against a local (the hot path).
 */
export function topIndexes(scores: Scores, k: number, among?: ArrayLike<number>): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  // Is x worse than y? (lower score, or equal score and higher index)
  const worse = (x: number, y: number) => scores[x]! < scores[y]! || (scores[x] === scores[y] && x > y);
  const siftDown = (i: number) => {
    const item = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && worse(heap[r]!, heap[l]!) ? r : l;
      if (!worse(heap[c]!, item)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = item;
  };
  const push = (index: number) => {
    let i = heap.length;
    heap.push(index);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(index, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = index;
  };
  const n = among ? among.length : scores.length;
  let floor = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const index = among ? among[j]! : j;
    if (heap.length < k) {
      push(index);
      if (heap.length === k) floor = scores[heap[0]!]!;
      continue;
    }
    const s = scores[index]!;
    // NaN compares false both ways and is never taken.
    if (s > floor || (s === floor && index < heap[0]!)) {
      heap[0] = index;
      siftDown(0);
      floor = scores[heap[0]!]!;
    }
  }
  return heap.sort((x, y) => (worse(y, x) ? -1 : 1));
}
