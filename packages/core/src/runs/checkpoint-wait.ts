import { checkpoints } from "@memro/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { parseInput } from "../validation.js";
import { requireAgent } from "./access.js";
import { checkpointEvents, onAuditEvent } from "./audit-feed.js";
import type { Checkpoint } from "./checkpoint-raise.js";
import { loadCheckpoint } from "./checkpoint-read.js";
import { waitCheckpointInput } from "./schemas.js";

export interface WaitResult {
  checkpoint: Checkpoint;
  /** True when the time ran out before a decision; `checkpoint` is then still pending. */
  timedOut: boolean;
}

/**
 * Blocks the agent until its checkpoint is decided or `timeoutMs` passes, without polling:
 * it wakes on the in-process decision event, or on the `memro_audit` NOTIFY that every
 * audited commit sends (a decision made by another api instance), and then reads the
 * checkpoint once. It subscribes before its first read, so a decision landing in between
 * is not missed.
 */
export async function waitForCheckpoint(
  ctx: CoreContext,
  actor: Actor,
  checkpointId: string,
  raw: unknown = {},
): Promise<WaitResult> {
  const agent = requireAgent(actor, "wait for a checkpoint");
  const { timeoutMs } = parseInput(waitCheckpointInput, raw ?? {});
  const db = ctx.memro.db;
  const first = await loadCheckpoint(db, agent, checkpointId);
  if (first.status !== "pending" || timeoutMs === 0)
    return { checkpoint: first, timedOut: first.status === "pending" };

  return new Promise<WaitResult>((resolve, reject) => {
    const events = checkpointEvents(ctx.memro);
    let done = false;
    let unlisten: (() => Promise<void>) | undefined;
    let checking = false;
    let again = false;

    const finish = (result: WaitResult | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      events.off(first.id, onDecided);
      void unlisten?.().catch(() => {});
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const read = async () => {
      const [row] = await db.select().from(checkpoints).where(eq(checkpoints.id, first.id));
      return row ?? first;
    };
    // Coalesces bursts of notifications into at most one read in flight.
    const check = async () => {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const row = await read();
          if (row.status !== "pending") return finish({ checkpoint: row, timedOut: false });
        } while (again && !done);
      } catch (error) {
        finish(error as Error);
      } finally {
        checking = false;
      }
    };
    const onDecided = (row: Checkpoint) => finish({ checkpoint: row, timedOut: false });
    const timer = setTimeout(() => {
      read().then((row) => finish({ checkpoint: row, timedOut: row.status === "pending" }), finish);
    }, timeoutMs);

    events.on(first.id, onDecided);
    onAuditEvent(ctx.memro, (ns) => {
      if (ns === first.namespaceId && !done) void check();
    }).then((off) => {
      unlisten = off;
      if (done) void off().catch(() => {});
      else void check();
    }, finish);
  });
}
