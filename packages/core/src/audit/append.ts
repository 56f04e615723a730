import { auditEvents, auditHeads, auditPayloads, type Executor } from "@memro/db";
import { eq, sql } from "drizzle-orm";
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
  await tx
    .insert(auditHeads)
    .values({ namespaceId: input.namespaceId, seq: 0, hash: GENESIS_HASH })
    .onConflictDoNothing();
  const [head] = await tx
    .select()
    .from(auditHeads)
    .where(eq(auditHeads.namespaceId, input.namespaceId))
    .for("update");
  const prevHash = head?.hash ?? GENESIS_HASH;
  const seq = (head?.seq ?? 0) + 1;
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
  const [row] = await tx
    .insert(auditEvents)
    .values({
      namespaceId: header.namespaceId,
      seq,
      at,
      actorType: header.actorType as AuditInput["actor"]["type"],
      actorId: header.actorId,
      action: header.action,
      targetType: header.targetType,
      targetId: header.targetId,
      runId: header.runId,
      reason: header.reason,
      payloadDigest: header.payloadDigest,
      prevHash,
      hash,
    })
    .returning({ id: auditEvents.id });
  await tx.insert(auditPayloads).values({ eventId: row!.id, payload });
  await tx
    .update(auditHeads)
    .set({ seq, hash })
    .where(eq(auditHeads.namespaceId, input.namespaceId));
  // Live listeners (console, other api instances) learn of it once the transaction commits.
  await tx.execute(sql`select pg_notify('memro_audit', ${`${input.namespaceId}:${seq}`})`);
  return { id: row!.id, seq, hash, at };
}
