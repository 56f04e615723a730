import { Bm25Retriever } from "./bm25.js";
import type { Retriever } from "./retriever.js";

/** Retrievers the CLI can run by name. */
export const SYSTEMS: Record<string, () => Retriever> = {
  bm25: () => new Bm25Retriever(),
  "bm25-all-words": () => new Bm25Retriever(new Set(), "bm25-all-words"),
};
