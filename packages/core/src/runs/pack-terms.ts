const STOP_WORDS = new Set(
  "the and for with from into onto that this these those what when where which who why how are was were been has have had not but our your their its all any can may must should would will about after before then than there here them they you".split(
    " ",
  ),
);

/** The task's content words (3+ letters, no stop words), in order, without repeats. */
export function taskTerms(task: string): string[] {
  const words = task.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w)))];
}

/**
 * Task terms the content mentions, for an item's "why". A crude stem match (one word a
 * prefix of the other, 4+ letters) so "deploy" matches "deploys" and "deployment".
 */
export function matchedTerms(terms: string[], content: string, max = 3): string[] {
  const words = new Set(content.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const out: string[] = [];
  for (const term of terms) {
    for (const w of words) {
      const same =
        w === term || (Math.min(w.length, term.length) >= 4 && (w.startsWith(term) || term.startsWith(w)));
      if (same) {
        out.push(term);
        break;
      }
    }
    if (out.length >= max) break;
  }
  return out;
}

/** Lowercase words, for near-duplicate comparison. */
export function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}
