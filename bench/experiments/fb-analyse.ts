// Failure analysis for feedback.ts: pool recall and where missed gold turns rank, per category.

import { BASE, rankFb } from "./feedback.ts";
import { dataset } from "./lib/data.ts";

const C = dataset.cases;
const stats: Record<
  string,
  { n: number; gold: number; r10: number; r50: number; rAll: number; ranks: number[] }
> = {};
const examples: string[] = [];
C.forEach((c, ci) => {
  c.queries.forEach((q, qi) => {
    if (!q.gold.length) return;
    const r = rankFb(BASE, ci, qi).map((i) => c.items[i]!.id);
    stats[q.category] ??= { n: 0, gold: 0, r10: 0, r50: 0, rAll: 0, ranks: [] };
    const s = stats[q.category]!;
    s.n++;
    let hit10 = 0;
    for (const g of q.gold) {
      const k = r.indexOf(g);
      s.gold++;
      if (k >= 0 && k < 10) {
        s.r10++;
        hit10++;
      }
      if (k >= 0 && k < 50) s.r50++;
      if (k >= 0) s.rAll++;
      s.ranks.push(k < 0 ? 9999 : k);
    }
    if ((q.category === "1" || q.category === "3") && examples.length < 25 && hit10 < q.gold.length) {
      const sess = new Set(q.gold.map((g) => g.split(":")[0]));
      examples.push(
        `[${q.category}] ${q.text} | gold ${q.gold.join(",")} (${sess.size} sess) | ranks ${q.gold.map((g) => r.indexOf(g)).join(",")}\n    ${q.gold.map((g) => c.items.find((i) => i.id === g)?.text.slice(0, 110)).join("\n    ")}`,
      );
    }
  });
});
for (const [k, s] of Object.entries(stats).sort()) {
  const b = (lo: number, hi: number) => s.ranks.filter((x) => x >= lo && x < hi).length / s.gold;
  console.log(
    `cat ${k} q ${s.n} gold ${s.gold} (${(s.gold / s.n).toFixed(2)}/q) micro: top10 ${(s.r10 / s.gold).toFixed(3)} top50 ${(s.r50 / s.gold).toFixed(3)} inPool ${(s.rAll / s.gold).toFixed(3)} | 10-20 ${b(10, 20).toFixed(3)} 20-50 ${b(20, 50).toFixed(3)} 50+ ${b(50, 9999).toFixed(3)} notInPool ${b(9999, 1e9).toFixed(3)}`,
  );
}
console.log(examples.join("\n"));
