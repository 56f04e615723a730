// Full metrics of the product ranking (K = 100) for FINDINGS.md.
import { evaluate } from "./lib/eval.ts";
import { productRank } from "./product.ts";

const { main, cat5 } = evaluate((ci, qi) => productRank(ci, qi, 100));
const f = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join("  ");
console.log(`cat 1-4: ${f(main)}\ncat 5:   ${f(cat5)}`);
