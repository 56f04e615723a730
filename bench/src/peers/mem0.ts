import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmbeddingProvider } from "@memro/core";
import type { Retriever, RetrieverItem } from "../retriever.js";
import { startEmbeddingServer } from "./embedding-server.js";
import { sharedEmbeddingProvider } from "./shared-embeddings.js";

interface Mem0Memory {
  add(messages: string, config: Record<string, unknown>): Promise<unknown>;
  search(
    query: string,
    config: Record<string, unknown>,
  ): Promise<{ results?: { metadata?: Record<string, unknown> }[] }>;
}

/**
 * mem0's TypeScript OSS `Memory` without an LLM (`infer: false`: each turn is stored as is),
 * embedding through its OpenAI embedder pointed at a local endpoint serving our model (or the provider given).
 * One mem0 user id per conversation; the turn's dia_id rides in the memory's metadata.
 */
export class Mem0Retriever implements Retriever {
  readonly name = "mem0-oss";
  private server?: Awaited<ReturnType<typeof startEmbeddingServer>>;
  private memory?: Mem0Memory;
  private home?: string;

  constructor(private provider?: EmbeddingProvider) {}

  async setup(): Promise<void> {
    process.env.MEM0_TELEMETRY = "false";
    // mem0 keeps a config file under ~/.mem0 unless told otherwise: keep it in a temporary folder.
    this.home = mkdtempSync(join(tmpdir(), "bench-mem0-"));
    process.env.MEM0_DIR = this.home;
    buildSqliteAddon();
    this.provider ??= sharedEmbeddingProvider();
    this.server = await startEmbeddingServer(this.provider);
    const { Memory } = (await import("mem0ai/oss")) as unknown as { Memory: new (c: unknown) => Mem0Memory };
    const openai = { apiKey: "local", baseURL: this.server.url, url: this.server.url };
    this.memory = new Memory({
      version: "v1.1",
      embedder: {
        provider: "openai",
        config: { ...openai, model: this.provider.modelId, embeddingDims: this.provider.dimensions },
      },
      vectorStore: {
        provider: "memory",
        config: {
          collectionName: `bench-${Date.now()}`,
          dimension: this.provider.dimensions,
          dbPath: ":memory:",
        },
      },
      // Never called with infer: false; mem0 still builds one at start.
      llm: { provider: "openai", config: { ...openai, model: "none" } },
      disableHistory: true,
    });
    // Fail here, not mid-run, when the store cannot start; mem0 also logs its init error, so mute that.
    const log = console.error;
    console.error = () => {};
    try {
      await this.memory.search("probe", { filters: { user_id: "probe" }, topK: 1 });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/bindings file|better_sqlite3/.test(msg))
        throw new Error(
          "its vector store needs the better-sqlite3 native addon, which did not build (bench/scripts/build-sqlite.mjs needs g++, make, python3 and Node's headers)",
        );
      throw err;
    } finally {
      console.error = log;
    }
  }

  async ingest(conversationId: string, items: RetrieverItem[]): Promise<void> {
    for (const it of items) {
      await this.memory!.add(it.text, {
        userId: conversationId,
        infer: false,
        metadata: { dia_id: it.id, speaker: it.speaker },
      });
    }
  }

  async search(conversationId: string, query: string, k: number): Promise<string[]> {
    // threshold 0: mem0 drops hits under 0.1 by default, which would cut the top k short.
    const res = await this.memory!.search(query, {
      filters: { user_id: conversationId },
      topK: k,
      threshold: 0,
    });
    return (res.results ?? []).map((r) => String(r.metadata?.dia_id ?? "")).filter(Boolean);
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.provider?.close();
    if (this.home) rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * mem0 needs better-sqlite3's native addon, which the workspace does not build at install (it
 * would add a C++ build to every install). Built here on first use from Node's own headers.
 */
function buildSqliteAddon() {
  const script = fileURLToPath(new URL("../../scripts/build-sqlite.mjs", import.meta.url));
  // Its messages go to stderr: stdout carries the result tables.
  const r = spawnSync(process.execPath, [script], { stdio: ["ignore", 2, 2] });
  if (r.status !== 0)
    throw new Error("its vector store needs the better-sqlite3 native addon, which did not build");
}
