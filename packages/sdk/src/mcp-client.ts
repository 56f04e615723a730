import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { MemroApiError } from "./errors.js";

/** An MCP client already connected to `/mcp` with an agent key; tool errors throw `MemroApiError`. */
export async function createMemroMcpClient(opts: { url: string; apiKey: string; name?: string }) {
  const client = new Client({ name: opts.name ?? "memro-sdk", version: "0.1.0" });
  const transport = new StreamableHTTPClientTransport(new URL("/mcp", opts.url), {
    requestInit: { headers: { authorization: `Bearer ${opts.apiKey}` } },
  });
  await client.connect(transport);
  return {
    client,
    listTools: async () => (await client.listTools()).tools,
    /** Calls a tool and returns its JSON result. */
    async callTool<T = unknown>(name: string, args: Record<string, unknown> = {}): Promise<T> {
      const result = await client.callTool({ name, arguments: args });
      const structured = result.structuredContent as Record<string, unknown> | undefined;
      if (result.isError) {
        const e = (structured?.error ?? {}) as {
          code?: string;
          message?: string;
          details?: Record<string, unknown>;
        };
        throw new MemroApiError(e.code ?? "UNKNOWN", e.message ?? "tool failed", undefined, e.details);
      }
      const text = (result.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text;
      return (text !== undefined ? JSON.parse(text) : structured) as T;
    },
    close: () => client.close(),
  };
}
