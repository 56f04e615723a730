import type { Executor } from "@memro/db";
import { sql } from "drizzle-orm";
import { BM25_DEFAULTS, idf } from "../retrieval/index.js";
import { topIndexes } from "./top-k.js";
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

function lowerBound(list: IntList, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.data[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface IndexedDocument {
  seq: number;
  length: number;
  /** Occurrences of each query lexeme the document contains. */
  terms: Record<string, number>;
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
  /** The `vec_seq` each slot was read at: its terms describe the row only while the row keeps it. */
  seqs: number[] = [];
  lengths = new IntList();
  /** Each slot's tier, as an index into `tierCodes` (a memory's tier never changes). */
  tiers = new IntList();
  tierCodes: string[] = [];
  /** 1 while the slot holds a live document (an Int32 list: read in the scoring loop). */
  alive = new IntList();
  /** Scores of one proposal, kept between calls (zeroed after use) to spare an allocation. */
  scratch = new Float64Array(0);
  /** The slots a proposal scored, reused: a list of tens of thousands grown per search kept the young generation busy. */
  touched = new Int32Array(0);
  slotOf = new Map<string, number>();
  postings = new Map<string, Postings>();
  liveDocs = 0;
  totalLength = 0;
  maxSeq = 0;

  private remove(id: string) {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.alive.data[slot] = 0;
    this.slotOf.delete(id);
    this.liveDocs--;
    this.totalLength -= this.lengths.data[slot]!;
  }

  upsert(id: string, seq: number, tier: string, terms: readonly string[], length: number) {
    this.remove(id);
    const slot = this.ids.length;
    this.ids.push(id);
    this.seqs.push(seq);
    this.tiers.push(this.tierCode(tier));
    this.alive.push(1);
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

  tierCode(tier: string): number {
    let code = this.tierCodes.indexOf(tier);
    if (code < 0) code = this.tierCodes.push(tier) - 1;
    return code;
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
 * memories). It knows tiers (a search for some tiers must not spend its proposals on others)
 * but nothing of visibility or status: search fetches the proposed rows through the actor's
 * visibility condition and computes the real scores with the actor's statistics.
 */
export class LexicalIndex {
  private namespaces = new Map<string, NamespaceLexicon>();

  async propose(
    db: Executor,
    namespaceId: string,
    lexemes: readonly string[],
    limit: number,
    onlyTiers?: readonly string[],
    /** The namespace's highest `vec_seq` as the caller just read it (spares a catch-up query). */
    knownHead?: number,
  ): Promise<string[]> {
    const lex = await this.refresh(db, namespaceId, knownHead);
    if (lex.liveDocs === 0 || lexemes.length === 0) return [];
    const avg = lex.totalLength / lex.liveDocs;
    const { k1, b } = BM25_DEFAULTS;
    if (lex.scratch.length < lex.ids.length) {
      lex.scratch = new Float64Array(lex.ids.length * 2);
      lex.touched = new Int32Array(lex.ids.length * 2);
    }
    const scores = lex.scratch;
    const touched = lex.touched;
    let scored = 0;
    // A slot is scored when alive and of a wanted tier: 1 in this table, by tier code.
    const wanted = Int32Array.from(lex.tierCodes, (t) =>
      !onlyTiers?.length || onlyTiers.includes(t) ? 1 : 0,
    );
    const alive = lex.alive.data;
    const tiers = lex.tiers.data;
    const lengths = lex.lengths.data;
    for (const lexeme of new Set(lexemes)) {
      const p = lex.postings.get(lexeme);
      if (!p) continue;
      const w = idf(Math.min(p.slots.length, lex.liveDocs), lex.liveDocs);
      const slots = p.slots.data;
      const counts = p.counts.data;
      for (let i = 0; i < p.slots.length; i++) {
        const slot = slots[i]!;
        if (alive[slot] === 0 || wanted[tiers[slot]!] === 0) continue;
        const f = counts[i]!;
        const norm = 1 - b + (b * lengths[slot]!) / avg;
        if (scores[slot] === 0) touched[scored++] = slot;
        scores[slot] = scores[slot]! + (w * f * (k1 + 1)) / (f + k1 * norm);
      }
    }
    const among = touched.subarray(0, scored);
    const best = topIndexes(scores, limit, among);
    for (const slot of among) scores[slot] = 0;
    return best.map((slot) => lex.ids[slot]!);
  }

  /**
   * The ids among `ids` that are of one of `tiers`, as of the last `propose` (ids it does not
   * know are kept: SQL decides for them). Lets a narrow search skip reading other tiers' rows.
   */
  ofTiers(namespaceId: string, ids: readonly string[], tiers: readonly string[] | undefined): string[] {
    const lex = this.namespaces.get(namespaceId);
    if (!lex || !tiers?.length) return [...ids];
    return ids.filter((id) => {
      const slot = lex.slotOf.get(id);
      return slot === undefined || tiers.includes(lex.tierCodes[lex.tiers.data[slot]!]!);
    });
  }

  /**
   * What BM25 needs of each document, as of the last `propose` in this namespace: the count of
   * each query lexeme it contains and its length, with the `vec_seq` this describes (a caller
   * holding a row with another `vec_seq` must not use it). Unknown ids are left out.
   */
  documents(
    namespaceId: string,
    lexemes: readonly string[],
    ids: readonly string[],
  ): Map<string, IndexedDocument> {
    const lex = this.namespaces.get(namespaceId);
    const out = new Map<string, IndexedDocument>();
    if (!lex) return out;
    for (const id of ids) {
      const slot = lex.slotOf.get(id);
      if (slot !== undefined)
        out.set(id, { seq: lex.seqs[slot]!, length: lex.lengths.data[slot]!, terms: {} });
    }
    for (const lexeme of new Set(lexemes)) {
      const p = lex.postings.get(lexeme);
      if (!p) continue;
      for (const [id, doc] of out) {
        // Slots are appended in increasing order, so each posting list is sorted.
        const at = lowerBound(p.slots, lex.slotOf.get(id)!);
        if (at < p.slots.length && p.slots.data[at] === lex.slotOf.get(id))
          doc.terms[lexeme] = p.counts.data[at]!;
      }
    }
    return out;
  }

  protected async refresh(db: Executor, namespaceId: string, knownHead?: number): Promise<NamespaceLexicon> {
    let lex = this.namespaces.get(namespaceId);
    if (!lex) {
      lex = new NamespaceLexicon();
      this.namespaces.set(namespaceId, lex);
    }
    type Row = {
      id: string;
      vec_seq: string | number;
      tier: string;
      terms: string[] | null;
      length: number | string;
    };
    // Each lexeme with its occurrence count ("lexeme count"). Erased memories keep their
    // tombstone's lexemes: status filtering at fetch time keeps them out of results.
    const columns = sql`id, tier, length(fts) as length,
      (select array_agg(t.lexeme || ' ' || coalesce(array_length(t.positions, 1), 1)) from unnest(fts) t) as terms`;
    for await (const row of rowsSince<Row>(db, namespaceId, lex.maxSeq, columns, knownHead)) {
      lex.upsert(row.id, Number(row.vec_seq), row.tier, row.terms ?? [], Number(row.length));
      lex.maxSeq = Math.max(lex.maxSeq, Number(row.vec_seq));
    }
    return lex;
  }
}
