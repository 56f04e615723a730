import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Retriever, RetrieverItem } from "../retriever.js";

const CREATE_BATCH = 200;

/**
 * The reference MCP memory server (a knowledge graph in a JSONL file) as a child process over
 * stdio. Mapping: one entity per turn (name = dia_id, type "turn", one observation = the turn
 * text), so every turn stays addressable; one server with its own fresh file per conversation.
 * `search_nodes` matches the whole query as a case-insensitive substring of names, types and
 * observations, and returns matches in file (insertion) order; a verbatim question rarely
 * occurs inside a turn, so recall is expected to be near zero.
 */
export class McpMemoryRetriever implements Retriever {
  readonly name = "mcp-server-memory";
  private dir = "";
  private readonly clients = new Map<string, Client>();
  private serverPath = "";

  async setup(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), "bench-mcp-memory-"));
    this.serverPath = createRequire(import.meta.url).resolve(
      "@modelcontextprotocol/server-memory/dist/index.js",
    );
  }

  async ingest(conversationId: string, items: RetrieverItem[]): Promise<void> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [this.serverPath],
      env: {
        ...(process.env as Record<string, string>),
        MEMORY_FILE_PATH: join(this.dir, `${conversationId}.jsonl`),
      },
      stderr: "ignore",
    });
    const client = new Client({ name: "memro-bench", version: "0.1.0" });
    await client.connect(transport);
    this.clients.set(conversationId, client);
    for (let i = 0; i < items.length; i += CREATE_BATCH) {
      const entities = items
        .slice(i, i + CREATE_BATCH)
        .map((it) => ({ name: it.id, entityType: "turn", observations: [it.text] }));
      await client.callTool({ name: "create_entities", arguments: { entities } });
    }
  }

  async search(conversationId: string, query: string, k: number): Promise<string[]> {
    const client = this.clients.get(conversationId);
    if (!client) return [];
    const res = await client.callTool({ name: "search_nodes", arguments: { query } });
    const graph = (res.structuredContent ?? JSON.parse(textOf(res))) as { entities?: { name: string }[] };
    return (graph.entities ?? []).slice(0, k).map((e) => e.name);
  }

  async close(): Promise<void> {
    for (const c of this.clients.values()) await c.close().catch(() => {});
    this.clients.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function textOf(res: unknown): string {
  const content = (res as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === "text")?.text ?? "{}";
}
