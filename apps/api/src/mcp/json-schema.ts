import { z } from "zod";

/**
 * An MCP tool's `inputSchema` from the same zod schema the core parses with. Dates travel as
 * ISO strings (the core coerces them), so they are described as `date-time` strings.
 */
export function toolInputSchema(schema: z.ZodType): { type: "object"; [key: string]: unknown } {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return { ...json, type: "object" };
}
