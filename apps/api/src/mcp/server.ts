import { type Core, MemroError, parseInput, resolvePolicies } from "@memro/core";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";
import { toolError, toolResult } from "./errors.js";
import { graphTools } from "./graph-tools.js";
import { toolInputSchema } from "./json-schema.js";
import { memoryTools } from "./memory-tools.js";
import type { AgentActor, ToolDef } from "./types.js";

export const ALL_TOOLS: ToolDef[] = [...memoryTools, ...graphTools];

const listing = new Map<string, Tool>();
function describe(tool: ToolDef): Tool {
  let entry = listing.get(tool.name);
  if (!entry) {
    entry = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: toolInputSchema(tool.input),
      annotations: {
        title: tool.title,
        readOnlyHint: tool.kind === "read",
        destructiveHint: tool.kind === "destructive",
        openWorldHint: false,
      },
    };
    listing.set(tool.name, entry);
  }
  return entry;
}

/** The tools this agent's key may use right now (policies are read once per request). */
export async function toolsFor(core: Core, actor: AgentActor): Promise<ToolDef[]> {
  const policies = await resolvePolicies(core.memro.db, actor.namespaceId, actor.agentId);
  return ALL_TOOLS.filter((t) => t.allowed(policies));
}

/**
 * One MCP server per request (stateless). Built on the SDK's low-level `Server` so that the
 * core's own zod schemas validate the input once and every failure carries a stable code.
 */
export function createMcpServer(
  core: Core,
  actor: AgentActor,
  tools: ToolDef[],
  version: string,
  log: Logger,
): Server {
  const server = new Server({ name: "memro", version }, { capabilities: { tools: {} } });
  const byName = new Map(tools.map((t) => [t.name, t]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(describe) }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const name = request.params.name;
    const tool = byName.get(name);
    try {
      if (!tool) {
        const known = ALL_TOOLS.some((t) => t.name === name);
        throw known
          ? new MemroError("FORBIDDEN", `policy does not allow ${name} for this key`)
          : new MemroError("NOT_FOUND", `no tool ${name}`);
      }
      const input = parseInput(tool.input, request.params.arguments ?? {});
      return toolResult(await tool.run(core, actor, input));
    } catch (error) {
      return toolError(error, log, name);
    }
  });
  return server;
}
