import { MCP_MEMORY_TOOLS, mcpMemoryInputs } from "@memro/core";
import { canReadGraph, canWriteGraph } from "./policy-gate.js";
import type { ToolDef } from "./types.js";

const titles: Record<keyof typeof MCP_MEMORY_TOOLS, string> = {
  create_entities: "Create entities",
  create_relations: "Create relations",
  add_observations: "Add observations",
  delete_entities: "Delete entities",
  delete_observations: "Delete observations",
  delete_relations: "Delete relations",
  read_graph: "Read graph",
  search_nodes: "Search nodes",
  open_nodes: "Open nodes",
};

/** The reference MCP memory server's nine tools, over the governed graph tier. */
export const graphTools: ToolDef[] = (Object.keys(MCP_MEMORY_TOOLS) as (keyof typeof MCP_MEMORY_TOOLS)[]).map(
  (name) => {
    const tool = MCP_MEMORY_TOOLS[name];
    return {
      name,
      title: titles[name],
      description: tool.description,
      input: mcpMemoryInputs[name],
      kind: tool.readOnly ? "read" : tool.destructive ? "destructive" : "write",
      allowed: tool.readOnly ? canReadGraph : canWriteGraph,
      run: (core, actor, input) => tool.run(core, actor, input),
    };
  },
);
