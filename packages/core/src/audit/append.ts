import { type Executor, queryRows } from "@memro/db";
import { type SQL, sql } from "drizzle-orm";
import { type Actor, actorId } from "../actor.js";
import { type AuditHeader, canonicalJson, GENESIS_HASH, hashEvent, sha256 } from "./canonical.js";

export interface AuditInput {
  namespaceId: string;
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string;
  runId?: string | null;
  reason?: string | null;
  /** Before/after snapshots and other detail; stored beside the event, erasable. */
  payload?: Record<string, unknown>;
}

export interface AppendedEvent {
  id: number;
  seq: number;
  hash: string;
  at: Date;
}

/**
 * Appends one event to the namespace's chain inside the caller's transaction. The head row
 * is locked FOR UPDATE, so concurrent writers queue and the chain never forks.
 */
export async function appendAudit(tx: Executor, input: AuditInput): Promise<AppendedEvent> {
  const [event] = await appendAuditMany(tx, input.namespaceId, [input]);
  return event!;
}

/**
 * Takes (or creates) the namespace's chain head and locks it until the transaction ends: what
 * serialises a namespace's writers; `appendAuditMany` starts with it. Taken again by the same
 * transaction, it costs a statement and waits for nothing.
 * - Lock order everywhere: memory/graph rows a write changes → the chain head → the run row.
 *   It is the order of the memory and graph write paths (row, then their audit event) and of
 *   the delete path calling `checkDeleteBudget`, so run mutations never deadlock with them.
 * - A transaction that gives a memory a new `vec_seq` takes it first, so that within a
 *   namespace `vec_seq` order is commit order: the in-process indexes load rows above the
 *   highest `vec_seq` they hold, and a lower one committed later would never be loaded.
 */
export async function lockChainHead(
  tx: Executor,
  namespaceId: string,
): Promise<{ seq: number; hash: string }> {
  const [head] = await queryRows<{ seq: string | number; hash: string }>(
    tx,
    sql`insert into audit_heads (namespace_id, seq, hash) values (${namespaceId}, 0, ${GENESIS_HASH})
      on conflict (namespace_id) do update set seq = audit_heads.seq returning seq, hash`,
  );
  return { seq: Number(head!.seq), hash: head!.hash };
}

/**
 * Appends events of one namespace in order, in two round trips whatever their number: the
 * first takes (or creates) the head row and locks it until commit; the second writes the
 * events, their payloads and the new head, and queues the notification that live listeners
 * (console, other api instances) receive on commit.
 */
export async function appendAuditMany(
  tx: Executor,
  namespaceId: string,
  inputs: Omit<AuditInput, "namespaceId">[],
): Promise<AppendedEvent[]> {
  if (inputs.length === 0) return [];
  const head = await lockChainHead(tx, namespaceId);
  let prevHash = head.hash;
  let seq = head.seq;
  const at = new Date();
  const rows: SQL[] = [];
  const payloads: SQL[] = [];
  const appended: AppendedEvent[] = [];
  for (const input of inputs) {
    seq += 1;
    const payload = input.payload ?? {};
    const header: AuditHeader = {
      namespaceId,
      seq,
      at: at.toISOString(),
      actorType: input.actor.type,
      actorId: actorId(input.actor),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      runId: input.runId ?? null,
      reason: input.reason ?? null,
      payloadDigest: sha256(canonicalJson(payload)),
    };
    const hash = hashEvent(prevHash, header);
    rows.push(sql`(${namespaceId}::uuid, ${seq}::bigint, ${header.at}::timestamptz, ${header.actorType}, ${header.actorId},
      ${header.action}, ${header.targetType}, ${header.targetId}, ${header.runId}::uuid, ${header.reason},
      ${header.payloadDigest}, ${prevHash}, ${hash})`);
    payloads.push(sql`(${seq}::bigint, ${JSON.stringify(payload)}::jsonb)`);
    appended.push({ id: 0, seq, hash, at });
    prevHash = hash;
  }
  const ids = await queryRows<{ id: string | number; seq: string | number }>(
    tx,
    sql`with event as (
        insert into audit_events (namespace_id, seq, at, actor_type, actor_id, action, target_type, target_id,
          run_id, reason, payload_digest, prev_hash, hash)
        values ${sql.join(rows, sql`, `)}
        returning id, seq
      ), stored as (
        insert into audit_payloads (event_id, payload)
        select event.id, p.payload from event join (values ${sql.join(payloads, sql`, `)}) as p(seq, payload) on p.seq = event.seq
      ), moved as (
        update audit_heads set seq = ${seq}, hash = ${prevHash} where namespace_id = ${namespaceId}
      )
      select id, seq, pg_notify('memro_audit', ${`${namespaceId}:${seq}`}) from event`,
  );
  const idBySeq = new Map(ids.map((r) => [Number(r.seq), Number(r.id)]));
  return appended.map((e) => ({ ...e, id: idBySeq.get(e.seq)! }));
}
