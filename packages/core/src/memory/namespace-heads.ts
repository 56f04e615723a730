import { auditEvents, type Executor, memories, queryRows } from "@memro/db";
import { sql } from "drizzle-orm";

/** Where a namespace's memories stand, read in one round trip at the start of a search. */
export interface NamespaceHeads {
  /** The highest `vec_seq`: the in-process indexes need no catch-up query while they hold it. */
  vecSeq: number;
  /**
   * The seq of the latest audit event that may have changed memories: any event but a run's
   * own bookkeeping (starting, finishing, checkpoints), which agents append all the time and
   * which never touches a memory row. The partial index `audit_ns_seq_content` answers it.
   */
  content: number;
}

export type HeadColumns = { vec_seq: string | number | null; content: string | number | null };

/** The select-list items `vec_seq` and `content`, for this query or a larger one. */
export const headColumns = (namespaceId: string) =>
  sql`(select max(${memories.vecSeq}) from ${memories} where ${memories.namespaceId} = ${namespaceId}) as vec_seq,
    (select max(${auditEvents.seq}) from ${auditEvents} where ${auditEvents.namespaceId} = ${namespaceId}
      and ${auditEvents.targetType} not in ('run', 'checkpoint')) as content`;

export const headsOf = (row: HeadColumns | undefined): NamespaceHeads => ({
  vecSeq: Number(row?.vec_seq ?? 0),
  content: Number(row?.content ?? 0),
});

export async function namespaceHeads(db: Executor, namespaceId: string): Promise<NamespaceHeads> {
  const [row] = await queryRows<HeadColumns>(db, sql`select ${headColumns(namespaceId)}`);
  return headsOf(row);
}
