import { memories } from "@memro/db";
import { and, arrayContains, eq, gt, gte, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { memoryFilters } from "./schemas.js";

type Filters = z.output<typeof memoryFilters>;

/** SQL for the scoping filters every read accepts; current versions only unless `asOf` or a status is asked for. */
export function filterConditions(f: Filters): SQL[] {
  const out: SQL[] = [];
  if (f.tiers?.length) out.push(inArray(memories.tier, f.tiers));
  if (f.agentId) out.push(eq(memories.authorAgentId, f.agentId));
  if (f.subject) out.push(eq(memories.subject, f.subject));
  if (f.runId) out.push(eq(memories.runId, f.runId));
  if (f.tags?.length) out.push(arrayContains(memories.tags, f.tags));
  if (f.metadata && Object.keys(f.metadata).length) {
    out.push(sql`${memories.metadata} @> ${JSON.stringify(f.metadata)}::jsonb`);
  }
  if (f.episode) out.push(sql`${memories.data}->>'episode' = ${f.episode}`);
  if (f.from) out.push(gte(memories.validFrom, f.from));
  if (f.to) out.push(lte(memories.validFrom, f.to));
  if (f.asOf) {
    // Bi-temporal: true in the world at asOf, and already known to the system then.
    out.push(lte(memories.validFrom, f.asOf), lte(memories.recordedAt, f.asOf));
    out.push(or(isNull(memories.validTo), gt(memories.validTo, f.asOf))!);
    out.push(inArray(memories.status, ["active", "superseded"]));
  } else {
    out.push(inArray(memories.status, f.status?.length ? f.status : ["active"]));
  }
  return out;
}

export const allOf = (conds: (SQL | undefined)[]) => and(...conds.filter((c): c is SQL => c !== undefined));
