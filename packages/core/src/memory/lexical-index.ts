import type { Executor } from "@memro/db";
import { sql } from "drizzle-orm";
import { BM25_DEFAULTS, idf } from "../retrieval/index.js";
import { rowsSince } from "./vec-seq-feed.js";

/** A growable list of 32-bit integers (posting lists hold millions of entries at 100k memories). */
class IntList {
  data = new Int32Array(8);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

interface Postings {
  slots: IntList;
  counts: IntList;
}

/**
 * One namespace's lexemes (those of `memories.fts`), loaded incrementally by `vec_seq` like the
 * vector cache: every write that changes a memory's content re-embeds it and takes a new
 * `vec_seq`. A rewritten memory gets a new slot; its old postings stay, skipped as dead (they
 * still count in df, which only orders proposals: the ranking uses exact statistics).
 */
class NamespaceLexicon {
  ids: string[] = [];
  lengths = new IntList();
  alive: boolean[] = [];
  slotOf = new Map<string, number>();
  postings = new Map<string, Postings>();
  liveDocs = 0;
  totalLength = 0;
  maxSeq = 0;

  private remove(id: string) {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.alive[slot] = false;
    this.slotOf.delete(id);
    this.liveDocs--;
    this.totalLength -= this.lengths.data[slot]!;
  }

  upsert(id: string, terms: readonly string[], length: number) {
    this.remove(id);
    const slot = this.ids.length;
    this.ids.push(id);
    this.alive.push(true);
    this.lengths.push(length);
    this.slotOf.set(id, slot);
    this.liveDocs++;
    this.totalLength += length;
    for (const entry of terms) {
      const space = entry.lastIndexOf(" ");
      const p = this.postingsOf(entry.slice(0, space));
      p.slots.push(slot);
      p.counts.push(Number(entry.slice(space + 1)) || 1);
    }
  }

  private postingsOf(lexeme: string): Postings {
    let p = this.postings.get(lexeme);
    if (!p) {
      p = { slots: new IntList(), counts: new IntList() };
      this.postings.set(lexeme, p);
    }
    return p;
  }
}

/**
 * In-process BM25 over each namespace's lexemes, used to propose lexical candidates without
 * ranking every matching row in SQL (a common word matches tens of thousands of rows at 100k
 * memories). It knows nothing of visibility or status: search fetches the proposed rows through
 * the actor's visibility condition and computes the real scores with the actor's statistics.
 */
export class LexicalIndex {
  private namespaces = new Map<string, NamespaceLexicon>();

  async propose(
    db: Executor,
    namespaceId: string,
    lexemes: readonly string[],
    limit: number,
  ): Promise<string[]> {
    const lex = await this.refresh(db, namespaceId);
    if (lex.liveDocs === 0 || lexemes.length === 0) return [];
    const avg = lex.totalLength / lex.liveDocs;
    const { k1, b } = BM25_DEFAULTS;
    const scores = new Float64Array(lex.ids.length);
    const touched: number[] = [];
    for (const lexeme of new Set(lexemes)) {
      const p = lex.postings.get(lexeme);
      if (!p) continue;
      const w = idf(Math.min(p.slots.length, lex.liveDocs), lex.liveDocs);
      const { slots, counts } = p;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots.data[i]!;
        if (!lex.alive[slot]) continue;
        const f = counts.data[i]!;
        const norm = 1 - b + (b * lex.lengths.data[slot]!) / avg;
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] = scores[slot]! + (w * f * (k1 + 1)) / (f + k1 * norm);
      }
    }
    touched.sort((x, y) => scores[y]! - scores[x]! || x - y);
    return touched.slice(0, limit).map((slot) => lex.ids[slot]!);
  }

  private async refresh(db: Executor, namespaceId: string): Promise<NamespaceLexicon> {
    let lex = this.namespaces.get(namespaceId);
    if (!lex) {
      lex = new NamespaceLexicon();
      this.namespaces.set(namespaceId, lex);
    }
    type Row = { id: string; vec_seq: string | number; terms: string[] | null; length: number | string };
    // Each lexeme with its occurrence count ("lexeme count"). Erased memories keep their
    // tombstone's lexemes: status filtering at fetch time keeps them out of results.
    const columns = sql`id, length(fts) as length,
      (select array_agg(t.lexeme || ' ' || coalesce(array_length(t.positions, 1), 1)) from unnest(fts) t) as terms`;
    for await (const row of rowsSince<Row>(db, namespaceId, lex.maxSeq, columns)) {
      lex.upsert(row.id, row.terms ?? [], Number(row.length));
      lex.maxSeq = Math.max(lex.maxSeq, Number(row.vec_seq));
    }
    return lex;
  }
}
