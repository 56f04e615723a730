/** One memory the database returned as a candidate for a query. */
export interface Candidate {
  id: string;
  content: string;
  /** Lexeme → occurrences, from `to_tsvector('english', content)` (only the query's lexemes are needed). */
  terms: Readonly<Record<string, number>>;
  /** Document length for BM25: `length(tsv)` (distinct lexemes) works as well as the token count. */
  length: number;
  /** Cosine similarity of the memory's embedding to the query's dense text; omit when not computed. */
  dense?: number;
  /** Sequence the memory belongs to (a conversation session); neighbours share it. */
  sequence?: string;
  /** Order within the sequence (turn number); neighbours differ by 1. */
  position?: number;
  /** Who said or wrote it. */
  speaker?: string;
  /** When it happened (episodic `validFrom`). */
  time?: Date;
}

/** Namespace-wide lexical statistics for BM25's idf and length normalisation. */
export interface LexicalStats {
  /** Memories in the namespace. */
  docCount: number;
  /** Mean of `length` over the namespace. */
  avgLength: number;
  /** Lexeme → number of memories containing it, for the query's lexemes. */
  df: Readonly<Record<string, number>>;
}

/** Relative weights of the signals; each signal is scaled to [0, 1] over the candidates first. */
export interface Weights {
  lexical: number;
  lexicalWindow: number;
  dense: number;
  /** Share of each neighbour's base score added to a memory. */
  neighbours: number;
  /** Share of a memory's sequence-best score added to it. */
  sequence: number;
  /** Share of the previous turn's base score added when that turn asked a question of this speaker. */
  answer: number;
  speaker: number;
  timeCue: number;
  timeRange: number;
  /** Longer memories: log of the lexeme count, scaled over the candidates. */
  length: number;
  /** The next turn's dense score: a turn whose reply is on the query's topic. */
  followUp: number;
  /** A sequence's first turns: weight / max(1, position). */
  opening: number;
}

/** Per-signal contributions for an `explain` view; `score` is their sum. */
export interface Signals {
  lexical: number;
  lexicalWindow: number;
  dense: number;
  neighbours: number;
  sequence: number;
  answer: number;
  speaker: number;
  timeCue: number;
  timeRange: number;
  length: number;
  followUp: number;
  opening: number;
}

export interface RankedMemory {
  id: string;
  score: number;
  signals: Signals;
}
