/** What a retrieval system under test implements; one namespace per conversation/question. */
export interface RetrieverItem {
  id: string;
  text: string;
  speaker: string;
  time: Date;
  session: number;
  turn: number;
}

export interface Retriever {
  name: string;
  setup?(): Promise<void>;
  ingest(conversationId: string, items: RetrieverItem[]): Promise<void>;
  /** Item ids, best first, at most k. */
  search(conversationId: string, query: string, k: number): Promise<string[]>;
  close?(): Promise<void>;
}
