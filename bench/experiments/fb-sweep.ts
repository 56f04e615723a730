// One-at-a-time sweep of the existing weights on the feedback.ts harness (product pool, K = 50).
import { BASE, type Cfg, rankFb } from "./feedback.ts";
import { row } from "./lib/eval.ts";

const grid: [keyof Cfg, number[]][] = JSON.parse(
  process.argv[2] ??
    '[["speaker",[0.1,0.3,0.4,0.6]],["sequence",[0,0.15,0.45]],["neighbours",[0.1,0.3]],["dense",[0.7,1.5]],["lexicalWindow",[0.25,1]],["answer",[0.15,0.5]],["denseWin",[0.25,0.5]]]',
);
const base: Partial<Cfg> = JSON.parse(process.argv[3] ?? "{}");
for (const [k, vs] of grid)
  for (const v of vs) row(`${k} ${v}`, (ci, qi) => rankFb({ ...BASE, ...base, [k]: v }, ci, qi));
