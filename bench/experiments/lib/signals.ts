// Structural helpers shared by experiments (mirrors what the product module does).
import type { Item } from "../../src/types.ts";

export function minmax(x: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  const out = new Float64Array(x.length);
  if (hi > lo) for (let i = 0; i < x.length; i++) out[i] = (x[i]! - lo) / (hi - lo);
  return out;
}

/** Adds alpha × the neighbours' scores within the same session. */
export function smooth(items: Item[], s: ArrayLike<number>, alpha: number, prevOnly = false): Float64Array {
  const out = Float64Array.from(s as ArrayLike<number>);
  for (let i = 0; i < items.length; i++) {
    const p = items[i - 1];
    const n = items[i + 1];
    if (p && p.session === items[i]!.session) out[i] += alpha * s[i - 1]!;
    if (!prevOnly && n && n.session === items[i]!.session) out[i] += alpha * s[i + 1]!;
  }
  return out;
}

/** Per-turn score of its session: the max turn score in the session. */
export function sessionMax(items: Item[], s: ArrayLike<number>): Float64Array {
  const best = new Map<number, number>();
  for (const [i, it] of items.entries())
    best.set(it.session, Math.max(best.get(it.session) ?? -Infinity, s[i]!));
  return Float64Array.from(items, (it) => best.get(it.session)!);
}

const TIME_RE = new RegExp(
  [
    "\\b(yesterday|today|tonight|tomorrow|last|next|ago|recently|earlier|later|since|weekend|week|month|year|years|months|weeks|days|day)\\b",
    "\\b(january|february|march|april|may|june|july|august|september|october|november|december)\\b",
    "\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
    "\\b(19|20)\\d{2}\\b",
  ].join("|"),
  "i",
);
export const hasTimeExpression = (text: string): boolean => TIME_RE.test(text);
export const isWhenQuestion = (q: string): boolean =>
  /\b(when|how long|what (year|month|date|day|time))\b/i.test(q);

/** Names of known speakers that a question mentions. */
export function namedSpeakers(q: string, speakers: string[]): string[] {
  return speakers.filter((s) => new RegExp(`\\b${s}\\b`, "i").test(q));
}
export {
  asksForTime,
  hasTimeExpression as hasTimeExpr2,
  parseTimeRange,
  timeFit,
} from "../../../packages/core/src/retrieval/time.ts";
