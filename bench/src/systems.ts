import { Bm25Retriever } from "./bm25.js";
import { MemroRetriever } from "./memro.js";
import { LangGraphRetriever } from "./peers/langgraph.js";
import { McpMemoryRetriever } from "./peers/mcp-memory.js";
import { Mem0Retriever } from "./peers/mem0.js";
import type { Retriever } from "./retriever.js";

/** Retrievers the CLI can run by name. */
export const SYSTEMS: Record<string, () => Retriever> = {
  bm25: () => new Bm25Retriever(),
  "bm25-all-words": () => new Bm25Retriever(new Set(), "bm25-all-words"),
  memro: () => new MemroRetriever(),
  "langgraph-inmemory": () => new LangGraphRetriever(),
  "mcp-server-memory": () => new McpMemoryRetriever(),
  "mem0-oss": () => new Mem0Retriever(),
};

/** What `pnpm bench:retrieval` runs when no --systems is given: the baseline, the product, the peers. */
export const DEFAULT_SYSTEMS = ["bm25", "memro", "langgraph-inmemory", "mcp-server-memory", "mem0-oss"];
