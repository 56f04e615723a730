import type { Readable, Writable } from "node:stream";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export interface BridgeOptions {
  url: string;
  key: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Where transport problems are reported (stderr by default; stdout carries the protocol). */
  onError?: (message: string) => void;
}

/**
 * `memro mcp`: a local stdio MCP server that forwards every message to the HTTP endpoint
 * with the agent's key, and every answer back. It holds no state of its own.
 */
export async function runBridge(opts: BridgeOptions): Promise<{ close(): Promise<void> }> {
  const report = opts.onError ?? ((m: string) => process.stderr.write(`memro mcp: ${m}\n`));
  const endpoint = new URL("/mcp", opts.url);
  const remote = new StreamableHTTPClientTransport(endpoint, {
    requestInit: { headers: { authorization: `Bearer ${opts.key}` } },
  });
  const local = new StdioServerTransport(opts.stdin, opts.stdout);

  local.onmessage = (message) => {
    remote.send(message).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      report(text);
      // A request must get an answer, or the client waits for ever.
      if ("id" in message && "method" in message) {
        void local.send({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32000, message: `memro: ${text}` },
        });
      }
    });
  };
  remote.onmessage = (message: JSONRPCMessage) => {
    const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    if (typeof version === "string") remote.setProtocolVersion(version);
    void local.send(message);
  };
  remote.onerror = (error) => report(error.message);
  local.onerror = (error) => report(error.message);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([remote.close(), local.close()]);
  };
  local.onclose = () => void close();
  await remote.start();
  await local.start();
  return { close };
}
