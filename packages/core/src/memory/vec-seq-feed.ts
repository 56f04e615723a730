import { type Executor, queryRows } from "@memro/db";
import { type SQL, sql } from "drizzle-orm";

/** Rows read per query while catching up. */
const PAGE = 20_000;

/**
 * The rows of a namespace whose `vec_seq` is above `after`, in `vec_seq` order, paged: how the
 * in-process indexes (vectors, lexemes) catch up with writes made by any process. Every write
 * that changes a memory's content or vector takes a new `vec_seq`. `knownHead`: the namespace's
 * highest `vec_seq` as the caller just read it; nothing is queried when `after` has reached it.
 */
export async function* rowsSince<T extends { vec_seq: string | number }>(
  db: Executor,
  namespaceId: string,
  after: number,
  columns: SQL,
  knownHead?: number,
): AsyncGenerator<T> {
  if (knownHead !== undefined && knownHead <= after) return;
  let seq = after;
  for (;;) {
    const rows = await queryRows<T>(
      db,
      sql`select ${columns}, vec_seq from memories where namespace_id = ${namespaceId}
        and vec_seq > ${seq} order by vec_seq limit ${PAGE}`,
    );
    for (const row of rows) {
      seq = Math.max(seq, Number(row.vec_seq));
      yield row;
    }
    if (rows.length < PAGE) return;
  }
}
