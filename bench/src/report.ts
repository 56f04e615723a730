import type { Aggregate, Scores } from "./metrics.js";
import type { SystemResult } from "./run-retrieval.js";
import type { DatasetName } from "./types.js";

const LOCOMO_COLUMNS: [string, string][] = [
  ["R@5", "recall@5"],
  ["R@10", "recall@10"],
  ["R@25", "recall@25"],
  ["R@50", "recall@50"],
  ["NDCG@10", "ndcg@10"],
  ["MRR", "mrr"],
];

const LME_COLUMNS: [string, string][] = [
  ["Rall@5", "recall_all@5"],
  ["Rall@10", "recall_all@10"],
  ["NDCG@5", "ndcg@5"],
  ["NDCG@10", "ndcg@10"],
];

function row(label: string, s: Scores | undefined, cols: [string, string][], width: number): string {
  const cells = cols.map(([h, key]) => (s?.[key] ?? Number.NaN).toFixed(3).padStart(Math.max(h.length, 5)));
  return `${label.padEnd(width)} ${String(s?.n ?? 0).padStart(5)}  ${cells.join("  ")}`;
}

/** A plain-text table: LoCoMo rows are categories 1–4, cat 1–4, 5; others list every category then all. */
export function formatTable(dataset: DatasetName, name: string, agg: Aggregate): string {
  const cols = dataset === "locomo" ? LOCOMO_COLUMNS : LME_COLUMNS;
  const rows: [string, Scores | undefined][] =
    dataset === "locomo"
      ? [
          ["1 multi-hop", agg.byCategory["1"]],
          ["2 temporal", agg.byCategory["2"]],
          ["3 open-domain", agg.byCategory["3"]],
          ["4 single-hop", agg.byCategory["4"]],
          ["cat 1-4", agg.primary],
          ["5 adversarial", agg.byCategory["5"]],
        ]
      : [...Object.entries(agg.byCategory), ["all", agg.primary] as [string, Scores]];
  const width = Math.max(14, ...rows.map(([l]) => l.length));
  const header = `${"".padEnd(width)} ${"n".padStart(5)}  ${cols.map(([h]) => h.padStart(Math.max(h.length, 5))).join("  ")}`;
  return [`== ${name}`, header, ...rows.map(([l, s]) => row(l, s, cols, width))].join("\n");
}

function pick(s: Scores | undefined, cols: [string, string][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [, key] of cols) out[key] = s?.[key] ?? 0;
  return out;
}

/** The JSON report: `{dataset, systems: {name: {cat1_4|all, by_category}}}`. */
export function toJson(dataset: DatasetName, results: SystemResult[]): unknown {
  const cols = dataset === "locomo" ? LOCOMO_COLUMNS : LME_COLUMNS;
  const systems: Record<string, unknown> = {};
  for (const r of results) {
    const by: Record<string, Record<string, number>> = {};
    for (const [c, s] of Object.entries(r.aggregate.byCategory)) by[c] = pick(s, cols);
    const primaryKey = dataset === "locomo" ? "cat1_4" : "all";
    systems[r.name] = { [primaryKey]: pick(r.aggregate.primary, cols), by_category: by };
  }
  return { dataset, systems };
}
