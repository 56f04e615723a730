import { type Executor, queryRows } from "@memro/db";
import { sql } from "drizzle-orm";
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
  // One round trip takes (or creates) the head row and locks it until commit.
  const [head] = await queryRows<{ seq: string | number; hash: string }>(
    tx,
    sql`insert into audit_heads (namespace_id, seq, hash) values (${input.namespaceId}, 0, ${GENESIS_HASH})
      on conflict (namespace_id) do update set seq = audit_heads.seq returning seq, hash`,
  );
  const prevHash = head!.hash;
  const seq = Number(head!.seq) + 1;
  const at = new Date();
  const payload = input.payload ?? {};
  const header: AuditHeader = {
    namespaceId: input.namespaceId,
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
  // A second round trip writes the event, its payload and the new head, and queues the
  // notification that live listeners (console, other api instances) get on commit.
  const [row] = await queryRows<{ id: string | number }>(
    tx,
    sql`with event as (
        insert into audit_events (namespace_id, seq, at, actor_type, actor_id, action, target_type, target_id,
          run_id, reason, payload_digest, prev_hash, hash)
        values (${header.namespaceId}, ${seq}, ${header.at}::timestamptz, ${header.actorType}, ${header.actorId},
          ${header.action}, ${header.targetType}, ${header.targetId}, ${header.runId}::uuid, ${header.reason},
          ${header.payloadDigest}, ${prevHash}, ${hash})
        returning id
      ), stored as (
        insert into audit_payloads (event_id, payload) select id, ${JSON.stringify(payload)}::jsonb from event
      ), moved as (
        update audit_heads set seq = ${seq}, hash = ${hash} where namespace_id = ${header.namespaceId}
      )
      select id, pg_notify('memro_audit', ${`${input.namespaceId}:${seq}`}) from event`,
  );
  return { id: Number(row!.id), seq, hash, at };
}
