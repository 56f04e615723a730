import { auditEvents, auditHeads } from "@memro/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { requireOperator } from "../policy/policy.js";
import { checkpointSignatureValid, type SignedCheckpoint, signCheckpoint } from "./signing.js";
import { verifyChain } from "./verify.js";

/** Signs the namespace's current head; kept outside the database it later proves the past was not rewritten. */
export async function exportCheckpoint(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
): Promise<SignedCheckpoint> {
  requireOperator(actor, "viewer");
  const [head] = await ctx.memro.db.select().from(auditHeads).where(eq(auditHeads.namespaceId, namespaceId));
  return signCheckpoint(ctx.signingKey, {
    namespaceId,
    seq: head?.seq ?? 0,
    headHash: head?.hash ?? "0".repeat(64),
    at: new Date().toISOString(),
  });
}

export interface CheckpointVerdict {
  ok: boolean;
  reason?: string;
  firstBadSeq?: number;
}

/** The signature holds, the chain up to the checkpoint verifies, and its event there still has the signed hash. */
export async function verifyAgainstCheckpoint(
  ctx: CoreContext,
  checkpoint: SignedCheckpoint,
  trustedPublicKeyPem = ctx.signingKey.publicKeyPem,
): Promise<CheckpointVerdict> {
  if (!checkpointSignatureValid(checkpoint, trustedPublicKeyPem))
    return { ok: false, reason: "bad signature" };
  const chain = await verifyChain(ctx.memro.db, checkpoint.namespaceId, checkpoint.seq);
  if (!chain.ok) return { ok: false, reason: chain.problem, firstBadSeq: chain.firstBadSeq };
  if (checkpoint.seq === 0) return { ok: true };
  const [event] = await ctx.memro.db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(and(eq(auditEvents.namespaceId, checkpoint.namespaceId), eq(auditEvents.seq, checkpoint.seq)));
  if (event?.hash !== checkpoint.headHash) {
    return { ok: false, reason: "the log was rewritten before the checkpoint", firstBadSeq: checkpoint.seq };
  }
  return { ok: true };
}
