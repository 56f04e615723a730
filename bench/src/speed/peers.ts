import { LangGraphRetriever } from "../peers/langgraph.js";
import { Mem0Retriever } from "../peers/mem0.js";
import { PrecomputedEmbeddingProvider } from "../peers/shared-embeddings.js";
import { Progress } from "../progress.js";
import type { Retriever, RetrieverItem } from "../retriever.js";
import { type Latency, latency, speedQuery, syntheticText, vectorStream } from "./stats.js";

export interface PeerSpeed {
  system: string;
  memories: number;
  /** Items stored per second, vectors given ahead (no embedding in the timing). */
  writesPerSec: number;
  /** In-process search, the query embedded live by the same model. */
  search: Latency;
}

interface SpeedPeer {
  name: string;
  /** Largest size it is measured at, and why not above. */
  maxSize: number;
  limit: string;
  make(provider: PrecomputedEmbeddingProvider): Retriever;
}

export const SPEED_PEERS: SpeedPeer[] = [
  {
    name: "langgraph-inmemory",
    maxSize: 100_000,
    limit: "",
    make: (p) => new LangGraphRetriever(p),
  },
  {
    name: "mem0-oss",
    maxSize: 10_000,
    // Measured here: its "memory" store (SQLite) reads and decodes every row on each search.
    limit: "its SQLite vector store scans and JSON-decodes every stored vector per search",
    make: (p) => new Mem0Retriever(p),
  },
];

const LOAD_CHUNK = 500;
const NAMESPACE = "speed";

/**
 * Loads `size` memories (the same texts and vectors MemroOS was loaded with) into a peer
 * and times its writes and the same search queries.
 */
export async function measurePeer(peer: SpeedPeer, size: number, queries: number): Promise<PeerSpeed> {
  const provider = new PrecomputedEmbeddingProvider();
  const nextVector = vectorStream(provider.dimensions);
  const items: RetrieverItem[] = Array.from({ length: size }, (_, i) => {
    const text = syntheticText(i);
    provider.remember(text, nextVector());
    return { id: `m${i}`, text, speaker: "bench", time: new Date(0), session: 0, turn: i };
  });
  const retriever = peer.make(provider);
  await retriever.setup?.();
  try {
    await provider.warmup();
    const bar = new Progress(`${peer.name} ${size.toLocaleString()}: loading`, size);
    const t = performance.now();
    for (let s = 0; s < size; s += LOAD_CHUNK) {
      const chunk = items.slice(s, s + LOAD_CHUNK);
      await retriever.ingest(NAMESPACE, chunk);
      bar.tick(chunk.length);
    }
    bar.finish();
    const writesPerSec = size / ((performance.now() - t) / 1000);
    const ms: number[] = [];
    for (let q = 0; q < queries; q++) {
      const t0 = performance.now();
      const hits = await retriever.search(NAMESPACE, speedQuery(q), 10);
      ms.push(performance.now() - t0);
      if (hits.length === 0) throw new Error(`${peer.name} found nothing for a query`);
    }
    return { system: peer.name, memories: size, writesPerSec, search: latency(ms) };
  } finally {
    await retriever.close?.();
  }
}
