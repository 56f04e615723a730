// Baseline vs the best feedback.ts configuration on each half of the conversations (a check
// that the full-set-tuned gain is not carried by a few conversations).
import { mean, type Scores, turnScores } from "../src/metrics.ts";
import { BASE, type Cfg, rankFb } from "./feedback.ts";
import { dataset } from "./lib/data.ts";

const best: Partial<Cfg> = { speaker: 0.8, neighbours: 0.1, timeCue: 0.3, sequence: 0.45 };
for (const [label, cfg] of [
  ["baseline", {}],
  ["best", best],
] as const)
  for (const half of [0, 1]) {
    const rows: Scores[] = [];
    dataset.cases.forEach((c, ci) => {
      if ((ci < 5 ? 0 : 1) !== half) return;
      c.queries.forEach((q, qi) => {
        if (q.category === "5") return;
        const r = rankFb({ ...BASE, ...cfg }, ci, qi)
          .slice(0, 50)
          .map((i) => c.items[i]!.id);
        rows.push(turnScores(r, q.gold));
      });
    });
    const m = mean(rows);
    console.log(
      `${label.padEnd(9)} convs ${half ? "5-9" : "0-4"} n ${rows.length} R5 ${m["recall@5"]!.toFixed(3)} R10 ${m["recall@10"]!.toFixed(3)}`,
    );
  }
