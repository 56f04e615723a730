import type { ContextPackItem } from "@memro/db";

/**
 * The token estimate packs are cut by. No tokenizer is bundled, so it is the usual rule of
 * thumb for BPE tokenizers on English text (about 4 characters per token), plus a fixed
 * overhead per item for its markdown line (bullet, the cited id — a UUID costs ~20 tokens —
 * and punctuation), plus the header. It is an estimate: code, URLs and non-Latin text run
 * higher, so callers with a hard model limit should leave some margin.
 */
export const CHARS_PER_TOKEN = 4;
export const ITEM_OVERHEAD_TOKENS = 24;
/** Header template, counts and section titles, before the (capped) task text. */
const HEADER_FIXED_CHARS = 320;
export const HEADER_TASK_CHARS = 300;
/** One memory may not eat the pack: longer content is cut here (marked with "…"). */
export const MAX_ITEM_CHARS = 1600;

export const TOKEN_ESTIMATE =
  `per item ceil((content + why characters) / ${CHARS_PER_TOKEN}) + ${ITEM_OVERHEAD_TOKENS}; ` +
  `header ceil((min(task, ${HEADER_TASK_CHARS}) + ${HEADER_FIXED_CHARS}) / ${CHARS_PER_TOKEN}); ` +
  `content longer than ${MAX_ITEM_CHARS} characters is cut`;

export const itemTokens = (content: string, why: string) =>
  Math.ceil((content.length + why.length) / CHARS_PER_TOKEN) + ITEM_OVERHEAD_TOKENS;

export const headerTokens = (task: string) =>
  Math.ceil((Math.min(task.length, HEADER_TASK_CHARS) + HEADER_FIXED_CHARS) / CHARS_PER_TOKEN);

export function capContent(content: string): string {
  return content.length <= MAX_ITEM_CHARS ? content : `${content.slice(0, MAX_ITEM_CHARS - 1).trimEnd()}…`;
}

/**
 * Greedy cut: best first, an item that does not fit is skipped (a smaller one further down
 * may still fit). Returns the kept items and the pack's total estimate (header included),
 * which never exceeds the budget.
 */
export function cutToBudget<T extends ContextPackItem>(
  ranked: T[],
  task: string,
  budget: number,
): { items: T[]; tokens: number } {
  let used = headerTokens(task);
  const items: T[] = [];
  for (const item of ranked) {
    if (budget - used < ITEM_OVERHEAD_TOKENS + 1) break;
    if (used + item.tokens > budget) continue;
    items.push(item);
    used += item.tokens;
  }
  return { items, tokens: used };
}
