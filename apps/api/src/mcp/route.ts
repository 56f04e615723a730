import type { IncomingMessage, ServerResponse } from "node:http";
import { type Core, MemroError } from "@memro/core";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { authenticate } from "../http/authenticate.js";
import { readJsonBody } from "../http/read-body.js";
import { sendJson } from "../http/server.js";
import type { Logger } from "../log.js";
import { createMcpServer, toolsFor } from "./server.js";

export interface McpRouteOptions {
  core: Core;
  maxBodyBytes: number;
  version: string;
}

/** `POST /mcp`: streamable HTTP, stateless, for agents holding an API key. */
export function mcpRoute(opts: McpRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse, log: Logger): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/mcp") return false;
    const { actor } = await authenticate(opts.core, req);
    if (!actor) {
      sendJson(
        res,
        401,
        { error: { code: "UNAUTHORIZED", message: "MCP needs Authorization: Bearer mk_…" } },
        { "www-authenticate": "Bearer" },
      );
      return true;
    }
    if (actor.type !== "agent")
      throw new MemroError("FORBIDDEN", "MCP is the agent surface; use an agent API key");
    if (req.method !== "POST") {
      // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
      sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use POST" } }, { allow: "POST" });
      return true;
    }
    const body = await readJsonBody(req, opts.maxBodyBytes);
    const tools = await toolsFor(opts.core, actor);
    const server = createMcpServer(opts.core, actor, tools, opts.version, log);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    return true;
  };
}
