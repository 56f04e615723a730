import type { z } from "zod";
import { badRequest } from "./errors.js";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    const nul = findNul(result.data, "");
    // PostgreSQL cannot store NUL in text or jsonb: refuse it here with a clear 400.
    if (nul !== null) throw badRequest(`invalid input: ${nul || "(root)"}: contains a NUL character`);
    return result.data;
  }
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  throw badRequest(first ? `invalid input: ${first.path || "(root)"}: ${first.message}` : "invalid input", {
    issues,
  });
}

function findNul(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(k, path) ?? findNul(v, path ? `${path}.${k}` : k);
      if (found !== null) return found;
    }
  }
  return null;
}
