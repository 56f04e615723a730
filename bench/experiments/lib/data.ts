// Shared data for experiments: LoCoMo cases plus derived text variants, in a stable order.
import { loadLocomo } from "../../src/locomo.ts";
import type { BenchCase, Item } from "../../src/types.ts";

export const DATA = new URL("../../../../shared/bench/locomo10.json", import.meta.url).pathname;
export const CACHE = new URL("../.cache/", import.meta.url).pathname;

export const dataset = loadLocomo(DATA);

/** The text without the "<speaker>: " prefix the protocol adds. */
export function bare(item: Item): string {
  const p = `${item.speaker}: `;
  return item.text.startsWith(p) ? item.text.slice(p.length) : item.text;
}

/** The previous turn of the same session, if any. */
export function prevOf(items: Item[], i: number): Item | undefined {
  const p = items[i - 1];
  return p && p.session === items[i]!.session ? p : undefined;
}

export function speakersOf(c: BenchCase): string[] {
  return [...new Set(c.items.map((i) => i.speaker))];
}

const WH = /\b(what|when|where|who|whom|whose|which|why|how)\b/gi;

/** Query for the dense side: wh-words and speaker names removed (names are in every turn). */
export function cleanQuery(q: string, speakers: string[]): string {
  let s = q.replace(WH, " ");
  for (const name of speakers) s = s.replace(new RegExp(`\\b${name}(?:'s|’s)?\\b`, "gi"), " ");
  return s.replace(/\s+/g, " ").trim();
}
