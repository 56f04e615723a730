import type { z } from "zod";
import { badRequest } from "./errors.js";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  throw badRequest(first ? `invalid input: ${first.path || "(root)"}: ${first.message}` : "invalid input", { issues });
}
