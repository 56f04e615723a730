import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { namespaces, queryRows, runs } from "@memro/db";
import { eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { BACKUP_TABLES } from "./tables.js";

export type BackupProgress = (table: string, done: number, total: number) => void;

export const BACKUP_FORMAT = "memro-backup/1";
const PAGE = 2000;

/**
 * Writes a namespace as JSON lines: a header, then `{ "t": table, "r": row }` per row in
 * restore order. Memory vectors are kept (as arrays) so a restore needs no re-embedding.
 */
export async function exportNamespace(
  ctx: CoreContext,
  actor: Actor,
  namespaceId: string,
  file: string,
  onProgress?: BackupProgress,
): Promise<{ rows: Record<string, number> }> {
  requireOperator(actor, "admin");
  const db = ctx.memro.db;
  const [ns] = await db.select().from(namespaces).where(eq(namespaces.id, namespaceId));
  if (!ns) throw notFound("namespace");
  const out = createWriteStream(file);
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, "drain");
  };
  await write({ format: BACKUP_FORMAT, namespaceId, slug: ns.slug, exportedAt: new Date().toISOString() });
  const runIds = (await db.select({ id: runs.id }).from(runs).where(eq(runs.namespaceId, namespaceId))).map(
    (r) => r.id,
  );
  const counts: Record<string, number> = {};
  for (const { name, table, scope } of BACKUP_TABLES) {
    const columns = getTableColumns(table) as Record<string, { name: string }>;
    const where =
      scope === "namespace"
        ? sql`${sql.identifier(name === "namespaces" ? "id" : "namespace_id")} = ${namespaceId}`
        : scope === "run"
          ? runIds.length
            ? inArray(sql.identifier("run_id") as never, runIds)
            : sql`false`
          : sql`event_id in (select id from audit_events where namespace_id = ${namespaceId})`;
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(name)} where ${where}`,
    );
    let done = 0;
    // Keyset paging on the primary key keeps memory flat for large namespaces.
    const key = name === "audit_payloads" ? "event_id" : name === "audit_heads" ? "namespace_id" : "id";
    let after: unknown = null;
    for (;;) {
      const select = Object.values(columns)
        .filter((c) => c.name !== "fts")
        .map((c) =>
          c.name === "embedding" ? sql`${sql.identifier(c.name)}::text as embedding` : sql.identifier(c.name),
        );
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`select ${sql.join(select, sql`, `)} from ${sql.identifier(name)} where ${where}
          ${after === null ? sql`` : sql`and ${sql.identifier(key)} > ${after}`}
          order by ${sql.identifier(key)} limit ${PAGE}`,
      );
      for (const row of rows) await write({ t: name, r: row });
      done += rows.length;
      onProgress?.(name, done, n);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]![key];
    }
    counts[name] = done;
  }
  out.end();
  await once(out, "finish");
  return { rows: counts };
}
