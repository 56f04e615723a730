// Caches PostgreSQL's view of every text: to_tsvector('english') lexeme counts, and
// ts_rank / ts_rank_cd of each question (OR of its lexemes) over its conversation.
// Run: npx tsx experiments/pg-cache.ts

import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { CACHE, dataset, prevOf } from "./lib/data.ts";

const req = createRequire(new URL("../../packages/db/package.json", import.meta.url));
const { PGlite } = await import(pathToFileURL(req.resolve("@electric-sql/pglite")).href);
const db = new PGlite();
await db.exec(`create table m (conv text, idx int, content text, tsv tsvector generated always as (to_tsvector('english', content)) stored);
create index on m using gin (tsv);`);

type Lex = Record<string, number>;
async function lexemes(text: string): Promise<Lex> {
  const r = await db.query(
    `select lexeme, array_length(positions, 1) as n from unnest(to_tsvector('english', $1))`,
    [text],
  );
  const out: Lex = {};
  for (const row of r.rows as { lexeme: string; n: number }[]) out[row.lexeme] = row.n;
  return out;
}

const out: {
  items: Lex[][];
  windows: Lex[][];
  queries: Lex[][];
  tsRank: number[][][];
  tsRankCd: number[][][];
} = {
  items: [],
  windows: [],
  queries: [],
  tsRank: [],
  tsRankCd: [],
};
for (const c of dataset.cases) {
  const items: Lex[] = [];
  const windows: Lex[] = [];
  for (let i = 0; i < c.items.length; i++) {
    const it = c.items[i]!;
    items.push(await lexemes(it.text));
    const p = prevOf(c.items, i);
    windows.push(await lexemes(p ? `${p.text}\n${it.text}` : it.text));
    await db.query(`insert into m (conv, idx, content) values ($1, $2, $3)`, [c.id, i, it.text]);
  }
  const queries: Lex[] = [];
  const tr: number[][] = [];
  const trcd: number[][] = [];
  for (const q of c.queries) {
    const lx = await lexemes(q.text);
    queries.push(lx);
    const terms = Object.keys(lx);
    const tsq = terms.length ? terms.map((t) => `'${t.replace(/'/g, "''")}'`).join(" | ") : "''";
    const r = await db.query(
      `select idx, ts_rank(tsv, q) as r, ts_rank_cd(tsv, q) as cd from m, cast($2 as tsquery) q where conv = $1 order by idx`,
      [c.id, tsq],
    );
    tr.push((r.rows as { r: number }[]).map((x) => x.r));
    trcd.push((r.rows as { cd: number }[]).map((x) => x.cd));
  }
  out.items.push(items);
  out.windows.push(windows);
  out.queries.push(queries);
  out.tsRank.push(tr);
  out.tsRankCd.push(trcd);
  console.log(c.id, c.items.length, c.queries.length);
}
mkdirSync(CACHE, { recursive: true });
writeFileSync(`${CACHE}pg.json`, JSON.stringify(out));
await db.close();
