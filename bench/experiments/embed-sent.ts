// Embeds each turn's sentences apart (turns of one sentence reuse the turn's vector), for a
// max-over-sentences dense signal. Cache: .cache/minilm-sent.f32 + minilm-sent.json (offsets).
// Run: nice -n 19 ./node_modules/.bin/tsx --conditions=source experiments/embed-sent.ts
import { existsSync, writeFileSync } from "node:fs";
import { bare, CACHE, dataset } from "./lib/data.ts";

/** Sentences of a turn: split after . ! ? and keep a trailing [photo caption] as its own. */
export function sentences(text: string): string[] {
  const m = text.match(/^(.*?)\s*(\[[^\]]*\])?\s*$/s);
  const body = m?.[1] ?? text;
  const out = body
    .split(/(?<=[.!?])\s+(?=[A-Z"'])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (m?.[2]) out.push(m[2].slice(1, -1));
  return out.length ? out : [text];
}

if (process.argv[1]?.endsWith("embed-sent.ts") && !existsSync(`${CACHE}minilm-sent.f32`)) {
  const { MiniLmProvider } = await import("@memro/core");
  const p = new MiniLmProvider({ threads: 1 });
  const texts: string[] = [];
  const offsets: number[] = [];
  for (const c of dataset.cases)
    for (const it of c.items) {
      offsets.push(texts.length);
      const s = sentences(bare(it));
      texts.push(...(s.length > 1 ? s : [it.text]));
    }
  offsets.push(texts.length);
  const out = new Float32Array(texts.length * 384);
  const t0 = Date.now();
  for (let i = 0; i < texts.length; i += 32) {
    const vecs = await p.embed(texts.slice(i, i + 32));
    for (const [j, v] of vecs.entries()) out.set(v, (i + j) * 384);
    if (i % 3200 === 0) console.log(i, texts.length, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  writeFileSync(`${CACHE}minilm-sent.f32`, Buffer.from(out.buffer));
  writeFileSync(`${CACHE}minilm-sent.json`, JSON.stringify(offsets));
  await p.close();
}
