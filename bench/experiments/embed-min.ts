// Embeds only the text variants the feedback experiments need (qClean, full, winFull) with
// MiniLM on one onnxruntime thread, into the same cache files as embed-cache.ts.
// Run: nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/embed-min.ts
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { CACHE, cleanQuery, dataset, prevOf, speakersOf } from "./lib/data.ts";

const { MiniLmProvider } = await import("@memro/core");
const p = new MiniLmProvider({ threads: 1 });
const DIMS = 384;
mkdirSync(CACHE, { recursive: true });
const variants: Record<string, string[]> = { qClean: [], full: [], winFull: [] };
for (const c of dataset.cases) {
  const sp = speakersOf(c);
  c.items.forEach((it, i) => {
    const pr = prevOf(c.items, i);
    variants.full!.push(it.text);
    variants.winFull!.push(pr ? `${pr.text}\n${it.text}` : it.text);
  });
  for (const q of c.queries) variants.qClean!.push(cleanQuery(q.text, sp) || q.text);
}
for (const [name, texts] of Object.entries(variants)) {
  const file = `${CACHE}minilm-emb-${name}.f32`;
  if (existsSync(file)) continue;
  const out = new Float32Array(texts.length * DIMS);
  const t0 = Date.now();
  for (let i = 0; i < texts.length; i += 32) {
    const vecs = await p.embed(texts.slice(i, i + 32));
    for (const [j, v] of vecs.entries()) out.set(v, (i + j) * DIMS);
    if (i % 1280 === 0) console.log(name, i, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  writeFileSync(file, Buffer.from(out.buffer));
  console.log(name, texts.length, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
await p.close();
