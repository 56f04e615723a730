import { type Executor, queryRows } from "@memro/db";
import { sql } from "drizzle-orm";

/** Rows written before the planner's statistics are refreshed: autovacuum's default rule. */
const BASE = 50;
const FRACTION = 0.1;

/**
 * Keeps PostgreSQL's planner statistics for `memories` fresh. PGlite has no autovacuum and
 * servers may run with it off; without statistics a freshly loaded table looks empty, and the
 * planner then scans 100k rows where an index finds two. Counts this process's writes and runs
 * ANALYZE once they pass 50 + 10% of the rows it last saw, and once at first use if the table
 * was never analysed.
 */
export class PlannerStats {
  private pending = 0;
  private rowsAtLastAnalyze = -1;
  private running: Promise<void> | null = null;

  constructor(private readonly db: Executor) {}

  /** Called after a committed write of `rows` memories; ANALYZE runs in the background. */
  noteWrites(rows: number): void {
    this.pending += rows;
    if (this.running) return;
    if (this.rowsAtLastAnalyze >= 0 && this.pending < BASE + FRACTION * this.rowsAtLastAnalyze) return;
    this.running = this.refresh()
      .catch(() => {
        // Statistics are an optimisation: a failed ANALYZE (e.g. during shutdown) is retried later.
      })
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves when no ANALYZE is running (tests, benchmarks and shutdown wait on it). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async refresh(): Promise<void> {
    const rows = await this.plannedRows();
    if (this.rowsAtLastAnalyze < 0 && rows >= 0 && this.pending < BASE + FRACTION * rows) {
      // First look: the table was analysed before (by us or autovacuum) and is fresh enough.
      this.rowsAtLastAnalyze = rows;
      return;
    }
    this.pending = 0;
    await this.db.execute(sql`analyze memories`);
    this.rowsAtLastAnalyze = Math.max(0, await this.plannedRows());
  }

  /** The planner's row count for `memories`; -1 when the table was never analysed. */
  private async plannedRows(): Promise<number> {
    const [row] = await queryRows<{ rows: number | string }>(
      this.db,
      sql`select reltuples as rows from pg_class where oid = 'memories'::regclass`,
    );
    return Number(row?.rows ?? -1);
  }
}
