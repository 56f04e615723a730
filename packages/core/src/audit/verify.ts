import { auditEvents, auditHeads, auditPayloads, type Executor } from "@memro/db";
import { and, asc, eq, gt } from "drizzle-orm";
import { canonicalJson, GENESIS_HASH, hashEvent, sha256 } from "./canonical.js";

export interface ChainReport {
  ok: boolean;
  namespaceId: string;
  /** Events checked before stopping (all of them when ok). */
  checked: number;
  headSeq: number;
  headHash: string;
  /** The first seq that does not verify, and why. */
  firstBadSeq?: number;
  problem?: string;
}

const PAGE = 2000;

/**
 * Recomputes the namespace's chain from the genesis hash. Catches changed rows (hash
 * mismatch), deleted rows (gap in seq or a head ahead of the rows), reordered rows (seq
 * is hashed), forged hashes (next prev_hash no longer matches) and changed payloads.
 */
export async function verifyChain(db: Executor, namespaceId: string, uptoSeq?: number): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const fail = (seq: number, problem: string): ChainReport => ({
    ok: false,
    namespaceId,
    checked,
    headSeq: expectedSeq - 1,
    headHash: prevHash,
    firstBadSeq: seq,
    problem,
  });
  for (;;) {
    const rows = await db
      .select({ event: auditEvents, payload: auditPayloads.payload, erasedAt: auditPayloads.erasedAt })
      .from(auditEvents)
      .leftJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(and(eq(auditEvents.namespaceId, namespaceId), gt(auditEvents.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const { event, payload, erasedAt } of rows) {
      if (uptoSeq !== undefined && event.seq > uptoSeq) return done();
      if (event.seq !== expectedSeq) return fail(expectedSeq, `event ${expectedSeq} is missing`);
      if (event.prevHash !== prevHash) return fail(event.seq, "prev_hash does not match the previous event");
      const recomputed = hashEvent(prevHash, {
        namespaceId: event.namespaceId,
        seq: event.seq,
        at: event.at.toISOString(),
        actorType: event.actorType,
        actorId: event.actorId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        runId: event.runId,
        reason: event.reason,
        payloadDigest: event.payloadDigest,
      });
      if (recomputed !== event.hash) return fail(event.seq, "event content does not match its hash");
      if (!erasedAt && payload && sha256(canonicalJson(payload)) !== event.payloadDigest) {
        return fail(event.seq, "payload does not match its digest");
      }
      prevHash = event.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < PAGE) break;
  }
  return done();

  async function done(): Promise<ChainReport> {
    if (uptoSeq === undefined) {
      const [head] = await db.select().from(auditHeads).where(eq(auditHeads.namespaceId, namespaceId));
      if (head && head.seq !== expectedSeq - 1) return fail(expectedSeq, `event ${expectedSeq} is missing`);
      if (head && head.hash !== prevHash)
        return fail(expectedSeq - 1, "chain head does not match the last event");
    } else if (expectedSeq - 1 < uptoSeq) {
      return fail(expectedSeq, `event ${expectedSeq} is missing`);
    }
    return { ok: true, namespaceId, checked, headSeq: expectedSeq - 1, headHash: prevHash };
  }
}
