import type { Retriever, RetrieverItem } from "./retriever.js";
import { ENGLISH_STOP_WORDS } from "./stopwords.js";

/** Lowercase `[a-z0-9]+` tokens, optionally without stop words. */
export function tokenize(text: string, stopWords: ReadonlySet<string> = ENGLISH_STOP_WORDS): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !stopWords.has(t));
}

/** Okapi BM25 over a fixed document list (Lucene's non-negative idf). */
export class Bm25Index {
  private readonly tf: Map<string, number>[] = [];
  private readonly len: number[] = [];
  private readonly df = new Map<string, number>();
  private avgLen = 0;

  constructor(
    docs: readonly string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    for (const doc of docs) {
      const tf = new Map<string, number>();
      for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      this.tf.push(tf);
      this.len.push(doc.length);
    }
    this.avgLen = this.len.reduce((a, n) => a + n, 0) / Math.max(1, this.len.length);
  }

  idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    const N = this.len.length;
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /** One score per document, in document order; repeated query terms count once each time. */
  scores(query: readonly string[]): number[] {
    const out = new Array<number>(this.len.length).fill(0);
    for (const term of query) {
      if (!this.df.has(term)) continue;
      const idf = this.idf(term);
      this.tf.forEach((tf, i) => {
        const f = tf.get(term);
        if (!f) return;
        const norm = 1 - this.b + (this.b * this.len[i]!) / (this.avgLen || 1);
        out[i]! += (idf * f * (this.k1 + 1)) / (f + this.k1 * norm);
      });
    }
    return out;
  }
}

/** Indices sorted by score, best first; ties keep insertion order. */
export function rankIndices(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The reference lexical baseline: BM25 over stop-word-free `[a-z0-9]+` tokens. */
export class Bm25Retriever implements Retriever {
  readonly name: string;
  private readonly namespaces = new Map<string, { ids: string[]; index: Bm25Index }>();

  constructor(
    private readonly stopWords: ReadonlySet<string> = ENGLISH_STOP_WORDS,
    name = "bm25",
  ) {
    this.name = name;
  }

  async ingest(conversationId: string, items: RetrieverItem[]): Promise<void> {
    const index = new Bm25Index(items.map((i) => tokenize(i.text, this.stopWords)));
    this.namespaces.set(conversationId, { ids: items.map((i) => i.id), index });
  }

  async search(conversationId: string, query: string, k: number): Promise<string[]> {
    const ns = this.namespaces.get(conversationId);
    if (!ns) return [];
    const order = rankIndices(ns.index.scores(tokenize(query, this.stopWords)));
    return order.slice(0, k).map((i) => ns.ids[i]!);
  }
}
