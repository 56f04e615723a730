/** One memory to ingest: a conversation turn with its structure. */
export interface Item {
  id: string;
  text: string;
  speaker: string;
  time: Date;
  session: number;
  turn: number;
}

/** One question with the ids (items or sessions) that answer it. */
export interface BenchQuery {
  id: string;
  text: string;
  category: string;
  gold: string[];
}

/** One namespace: its candidate pool and the questions asked over it. */
export interface BenchCase {
  id: string;
  items: Item[];
  queries: BenchQuery[];
  /**
   * When gold is expressed in coarser units than items (LongMemEval sessions),
   * maps an item id to its unit; scoring then de-duplicates units in rank order.
   */
  unitOf?: ReadonlyMap<string, string>;
}

export type DatasetName = "locomo" | "longmemeval";

export interface Dataset {
  name: DatasetName;
  cases: BenchCase[];
}
