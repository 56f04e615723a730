import { type Executor, queryRows } from "@memro/db";
import { type SQL, sql } from "drizzle-orm";
import { lockChainHead } from "../audit/append.js";
import { sha256 } from "../audit/canonical.js";

/**
 * The shared steps of erasure (subject erasure and retention erase). Erasure replaces
 * content with tombstones and keeps rows, ids and the audit chain: what happened stays
 * provable, what was said does not survive.
 */

export const ERASED = "[erased]";
/** `content_hash` of an erased memory: marks it erased (and matches no real content). */
export const ERASED_HASH = "erased";

/** The pseudonym a subject is replaced with: lets an admin check "was X erased?" without keeping X. */
export const subjectPseudonym = (namespaceId: string, subject: string) =>
  `erased:${sha256(`${namespaceId}\n${subject}`).slice(0, 24)}`;

const CHUNK = 1000;
export function* chunked<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
export const list = (ids: string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
export const textArray = (ids: string[]): SQL => sql`array[${list(ids)}]::text[]`;

/** The memories plus every version and chunk linked to them (`supersedes`, `chunk_of`, both ways). */
export async function withVersions(db: Executor, namespaceId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const out = new Set<string>();
  for (const part of chunked(ids)) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`with recursive chain(id, supersedes, chunk_of) as (
          select id, supersedes, chunk_of from memories where namespace_id = ${namespaceId} and id in (${list(part)})
        union
          select m.id, m.supersedes, m.chunk_of from memories m join chain c on m.namespace_id = ${namespaceId}
            and (m.supersedes = c.id or m.id = c.supersedes or m.chunk_of = c.id or m.id = c.chunk_of)
        ) select id from chain`,
    );
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

export interface MemoryErasure {
  memories: number;
  contextPackItems: number;
  promotions: number;
  promotionIds: string[];
}

/**
 * Tombstones memories: content `[erased]`, data, metadata and tags emptied (tags are free
 * text and often name people), embedding dropped, status `deleted`, content hash reset,
 * subject pseudonymised; labels, tier, ids and timestamps stay so the tombstone still says
 * what kind of thing was erased. Context pack items citing them lose content and `why`;
 * promotions citing them (result, sources, or the proposed target) lose their proposal,
 * and pending ones are withdrawn. Callers have checked legal holds and append the audit.
 */
export async function tombstoneMemories(
  tx: Executor,
  namespaceId: string,
  ids: string[],
): Promise<MemoryErasure> {
  const out: MemoryErasure = { memories: 0, contextPackItems: 0, promotions: 0, promotionIds: [] };
  // Before the rows take their vec_seq (see lockChainHead).
  await lockChainHead(tx, namespaceId);
  for (const part of chunked(ids)) {
    const erased = await queryRows<{ id: string }>(
      tx,
      sql`update memories set content = ${ERASED}, data = '{}'::jsonb, metadata = '{}'::jsonb, tags = '{}'::text[],
          embedding = null, embedding_model = null, vec_seq = nextval('memory_vec_seq'), content_hash = ${ERASED_HASH}, status = 'deleted',
          subject = case when subject is null or subject like 'erased:%' then subject
            else 'erased:' || left(encode(sha256(convert_to(namespace_id::text || chr(10) || subject, 'UTF8')), 'hex'), 24) end,
          retired_at = coalesce(retired_at, now()), updated_at = now()
        where namespace_id = ${namespaceId} and id in (${list(part)}) returning id`,
    );
    out.memories += erased.length;
    out.contextPackItems += await tombstonePackItems(tx, namespaceId, part);
    const promos = await tombstonePromotions(tx, namespaceId, part);
    out.promotions += promos.length;
    out.promotionIds.push(...promos);
  }
  return out;
}

/** Replaces `content` and `why` of pack items citing the ids (memories or graph entities). */
export async function tombstonePackItems(tx: Executor, namespaceId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await queryRows<{ n: string | number | null }>(
    tx,
    sql`with hit as (
        select p.id, sum(case when (e->>'memoryId') = any(${textArray(ids)}) then 1 else 0 end) as n
        from context_packs p, jsonb_array_elements(p.items) e
        where p.namespace_id = ${namespaceId} group by p.id having sum(case when (e->>'memoryId') = any(${textArray(ids)}) then 1 else 0 end) > 0
      ), upd as (
        update context_packs p set items = (
          select coalesce(jsonb_agg(case when (e->>'memoryId') = any(${textArray(ids)})
              then e || jsonb_build_object('content', ${ERASED}::text, 'why', ${ERASED}::text) else e end order by ord), '[]'::jsonb)
          from jsonb_array_elements(p.items) with ordinality as t(e, ord))
        from hit where p.id = hit.id returning p.id
      ) select sum(n) as n from hit`,
  );
  return Number(row?.n ?? 0);
}

/** Promotions citing the memories: proposal replaced, pending ones withdrawn. Returns their ids. */
function tombstonePromotions(tx: Executor, namespaceId: string, ids: string[]): Promise<string[]> {
  return tombstonePromotionsWhere(
    tx,
    namespaceId,
    sql`result_memory_id::text = any(${textArray(ids)}) or source_memory_ids && array[${list(ids)}]::uuid[]
      or (proposed->>'id') = any(${textArray(ids)})`,
  );
}

/** Promotions proposing a memory about the subject (a gated write never approved cites no memory). */
export function tombstoneSubjectPromotions(
  tx: Executor,
  namespaceId: string,
  subject: string,
): Promise<string[]> {
  return tombstonePromotionsWhere(tx, namespaceId, sql`(proposed->>'subject') = ${subject}`);
}

async function tombstonePromotionsWhere(tx: Executor, namespaceId: string, cites: SQL): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update promotions set proposed = jsonb_build_object('erased', true),
        status = case when status = 'pending' then 'withdrawn' else status end,
        decided_at = case when status = 'pending' then now() else decided_at end,
        reason = case when reason is null then null else ${ERASED} end
      where namespace_id = ${namespaceId} and (${cites}) returning id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Erases the payloads of every event of the namespace that targeted one of the ids: the
 * payload becomes NULL with `erased_at` and `erased_reason`, the event stays as a tombstone
 * and the chain still verifies (it holds only the payload's digest).
 */
export async function erasePayloads(
  tx: Executor,
  namespaceId: string,
  targetIds: string[],
  erasedReason: string,
): Promise<number> {
  let n = 0;
  for (const part of chunked([...new Set(targetIds)])) {
    const rows = await queryRows<{ event_id: string }>(
      tx,
      sql`update audit_payloads p set payload = null, erased_at = now(), erased_reason = ${erasedReason}
        from audit_events e
        where p.event_id = e.id and e.namespace_id = ${namespaceId} and e.target_id in (${list(part)})
          and p.erased_at is null
        returning p.event_id`,
    );
    n += rows.length;
  }
  return n;
}
