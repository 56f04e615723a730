import { type Executor, memories } from "@memro/db";
import { sql } from "drizzle-orm";
import { arrayLiteral } from "../sql-arrays.js";

/** How long counted reads wait for others to share their UPDATE. */
const FLUSH_DELAY_MS = 250;

/**
 * Counts agents' reads of memories (`access_count`, `last_accessed_at`: decay's reinforcement)
 * behind the reads. A search no longer waits for an UPDATE and its commit (an fsync on a
 * server), and the reads of many searches become one UPDATE. Counts reach the database within
 * FLUSH_DELAY_MS, at `flush()` and when the core closes; a failed UPDATE keeps them for the
 * next one. Only counters: nothing else depends on them being current to the millisecond.
 */
export class AccessCounts {
  private pending = new Map<string, { reads: number; at: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Executor,
    private readonly delayMs = FLUSH_DELAY_MS,
  ) {}

  /** One read of each of `ids` (repeats count again), as of now. */
  record(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const at = Date.now();
    for (const id of ids) {
      const seen = this.pending.get(id);
      if (seen) {
        seen.reads++;
        seen.at = at;
      } else this.pending.set(id, { reads: 1, at });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.flush().catch(() => {
          // Kept for the next flush (see `write`); a database that is down is reported elsewhere.
        });
      }, this.delayMs);
      // Pending counts alone do not keep a process alive; close() writes them.
      this.timer.unref?.();
    }
  }

  /** Writes every read counted so far; resolves once they are committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One UPDATE at a time, in order: a flush waits for the one before it.
    const next = this.writing.catch(() => {}).then(() => this.write());
    this.writing = next;
    return next;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // Rows are locked in id order, so two processes flushing at once cannot deadlock.
    const ids = [...batch.keys()].sort();
    try {
      await this.db.execute(sql`update ${memories} set
          access_count = ${memories.accessCount} + counted.reads,
          last_accessed_at = greatest(${memories.lastAccessedAt}, counted.at)
        from unnest(${arrayLiteral(ids)}::uuid[],
          ${arrayLiteral(ids.map((id) => String(batch.get(id)!.reads)))}::int[],
          ${arrayLiteral(ids.map((id) => new Date(batch.get(id)!.at).toISOString()))}::timestamptz[])
          as counted(id, reads, at)
        where ${memories.id} = counted.id`);
    } catch (error) {
      for (const [id, { reads, at }] of batch) {
        const later = this.pending.get(id);
        this.pending.set(
          id,
          later ? { reads: later.reads + reads, at: Math.max(at, later.at) } : { reads, at },
        );
      }
      throw error;
    }
  }
}
