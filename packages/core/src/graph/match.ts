import { entities } from "@memro/db";
import { and, eq, or, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { matchEntitiesInput } from "./schemas.js";
import type { Entity } from "./types.js";
import { graphVisibility } from "./visibility.js";

export interface EntityMatch {
  entity: Entity;
  /** The name or alias found in the text. */
  matched: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** True when `term` occurs in `text` as whole words (letters/digits/underscore do not continue it either side). */
export function occursAsWords(text: string, term: string): boolean {
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(term)}(?![\\p{L}\\p{N}_])`, "iu");
  return re.test(text);
}

/**
 * Visible active entities whose name or an alias occurs in a free text (case-insensitive,
 * on word boundaries): the entry points of a task into the graph, to hand to `traverse`.
 * The database narrows by substring; word boundaries are checked here. Longest match first.
 */
export async function matchEntities(
  ctx: CoreContext,
  actor: Actor,
  text: string,
  opts: { limit?: number; namespaceId?: string } = {},
): Promise<EntityMatch[]> {
  const input = parseInput(matchEntitiesInput, { text, limit: opts.limit });
  const ns = namespaceOf(actor, opts.namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  const lowered = input.text.toLowerCase();
  const candidates = await db
    .select()
    .from(entities)
    .where(
      and(
        vis.entity,
        eq(entities.status, "active"),
        or(
          sql`strpos(${lowered}, lower(${entities.name})) > 0`,
          sql`exists (select 1 from unnest(${entities.aliases}) a where strpos(${lowered}, lower(a)) > 0)`,
        ),
      ),
    )
    .limit(1000);
  const out: EntityMatch[] = [];
  for (const entity of candidates) {
    const terms = [entity.name, ...entity.aliases].sort((a, b) => b.length - a.length);
    const matched = terms.find((t) => t.trim() && occursAsWords(input.text, t));
    if (matched) out.push({ entity, matched });
  }
  out.sort((a, b) => b.matched.length - a.matched.length || a.entity.name.localeCompare(b.entity.name));
  return out.slice(0, input.limit);
}
