import type { ContextPackItem } from "@memro/db";
import { HEADER_TASK_CHARS } from "./pack-budget.js";

const SECTIONS: [string, string][] = [
  ["knowledge", "Knowledge facts"],
  ["skills", "Skills"],
  ["graph", "Related entities"],
  ["episodic", "Past episodes"],
  ["vector", "Documents and notes"],
];

/** Graph items are entities or relations, not memories; they are cited with their own prefix. */
export const citation = (item: Pick<ContextPackItem, "tier" | "memoryId">) =>
  `[${item.tier === "graph" ? "graph" : "mem"}:${item.memoryId}]`;

/**
 * A markdown block to paste into a prompt: a header, then one section per tier in a fixed
 * order, items in rank order, each line citing its id so an answer can point back to it.
 */
export function renderPackMarkdown(pack: {
  task: string;
  tokenBudget: number;
  tokens: number;
  items: ContextPackItem[];
}): string {
  const task =
    pack.task.length > HEADER_TASK_CHARS ? `${pack.task.slice(0, HEADER_TASK_CHARS - 1)}…` : pack.task;
  const lines = [
    `## Context for: ${oneLine(task)}`,
    "",
    `_${pack.items.length} items, ~${pack.tokens} of ${pack.tokenBudget} tokens. Cite a memory by its id, e.g. [mem:<id>]._`,
  ];
  for (const [tier, title] of SECTIONS) {
    const items = pack.items.filter((i) => i.tier === tier);
    if (!items.length) continue;
    lines.push("", `### ${title}`);
    for (const item of items) {
      const body = item.content.replace(/\r?\n/g, "\n  ");
      lines.push(`- ${citation(item)} ${body}`, `  _why: ${item.why}_`);
    }
  }
  if (!pack.items.length) lines.push("", "_Nothing relevant is held for this task._");
  return lines.join("\n");
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
