import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/** The MCP SDK's own client over streamable HTTP with an agent key. */
export async function mcpClient(url: string, key: string): Promise<Client> {
  return connect(
    new StreamableHTTPClientTransport(new URL("/mcp", url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
}

export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: "memro-test", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

export interface ToolOutcome {
  isError: boolean;
  value: unknown;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

/** Calls a tool and parses its JSON text (what a model reads). */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as { type: string; text: string }[])[0]?.text ?? "null";
  const value = JSON.parse(text) as { error?: ToolOutcome["error"] };
  return { isError: Boolean(result.isError), value, ...(result.isError ? { error: value.error } : {}) };
}
