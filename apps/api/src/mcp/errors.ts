import { MemroError } from "@memro/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";

/** A tool's result: the JSON as text (what models read) and as structured content. */
export function toolResult(value: unknown): CallToolResult {
  const json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const structured =
    json && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : { result: json };
  return { content: [{ type: "text", text: JSON.stringify(json) }], structuredContent: structured };
}

/** Core errors become tool errors carrying the stable code; anything else is "internal error". */
export function toolError(error: unknown, log: Logger, tool: string): CallToolResult {
  const body =
    error instanceof MemroError
      ? { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) }
      : { code: "INTERNAL", message: "internal error" };
  if (!(error instanceof MemroError)) log.error("mcp tool failed", { tool, error: String(error) });
  return {
    isError: true,
    content: [{ type: "text", text: JSON.stringify({ error: body }) }],
    structuredContent: { error: body },
  };
}
