import { entities } from "@memro/db";
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { relationsAround } from "./read.js";
import { searchNodesInput } from "./schemas.js";
import type { GraphView } from "./types.js";
import { graphVisibility } from "./visibility.js";

/** Everything an entity says about itself, as one text for full-text matching. */
const entityText = sql`${entities.name} || ' ' || ${entities.type} || ' ' || array_to_string(${entities.aliases}, ' ')
  || ' ' || ${entities.summary} || ' ' || array_to_string(${entities.observations}, ' ')`;

/**
 * Entities whose name, type, aliases, summary or observations contain the query
 * (case-insensitive substring) or match it as full text (all words, stemmed), plus the
 * relations touching them. Exact names rank first, then name and alias hits, then the rest.
 */
export async function searchNodes(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  namespaceId?: string,
): Promise<GraphView> {
  const input = parseInput(searchNodesInput, typeof raw === "string" ? { query: raw } : raw);
  const ns = namespaceOf(actor, namespaceId);
  const db = ctx.memro.db;
  const vis = await graphVisibility(db, actor, ns);
  const q = input.query.toLowerCase();
  const inName = sql`strpos(lower(${entities.name}), ${q}) > 0`;
  const inAlias = sql`exists (select 1 from unnest(${entities.aliases}) a where strpos(lower(a), ${q}) > 0)`;
  const tsQuery = sql`plainto_tsquery('english', ${input.query})`;
  const hit = or(
    inName,
    inAlias,
    sql`strpos(lower(${entities.type}), ${q}) > 0`,
    sql`strpos(lower(${entities.summary}), ${q}) > 0`,
    sql`exists (select 1 from unnest(${entities.observations}) o where strpos(lower(o), ${q}) > 0)`,
    sql`to_tsvector('english', ${entityText}) @@ ${tsQuery}`,
  );
  const rank = sql`case when lower(${entities.name}) = ${q} then 0 when ${inName} then 1 when ${inAlias} then 2 else 3 end`;
  const found = await db
    .select()
    .from(entities)
    .where(and(vis.entity, eq(entities.status, "active"), hit))
    .orderBy(
      asc(rank),
      desc(sql`ts_rank(to_tsvector('english', ${entityText}), ${tsQuery})`),
      asc(sql`lower(${entities.name})`),
    )
    .limit(input.limit);
  const rels = await relationsAround(
    ctx,
    actor,
    ns,
    found.map((e) => e.id),
    { at: input.validAt },
  );
  return { entities: found, relations: rels };
}
