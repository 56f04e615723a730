import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type Executor, namespaces, queryRows } from "@memro/db";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import type { CoreContext } from "../context.js";
import { badRequest, conflict } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import type { BackupProgress } from "./export.js";
import { BACKUP_FORMAT } from "./export.js";
import { BACKUP_TABLES } from "./tables.js";

const BATCH = 500;

/**
 * Restores a namespace backup into this database, in one transaction: every row keeps its
 * id, vectors are written in this server's vector format, and identity sequences move past
 * the restored ids. Refused when the namespace already exists here.
 */
export async function importNamespace(
  ctx: CoreContext,
  actor: Actor,
  file: string,
  onProgress?: BackupProgress,
): Promise<{ namespaceId: string; rows: Record<string, number> }> {
  requireOperator(actor, "admin");
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done
    ? null
    : (JSON.parse(first.value) as { format?: string; namespaceId?: string; slug?: string });
  if (header?.format !== BACKUP_FORMAT || !header.namespaceId)
    throw badRequest(`not a ${BACKUP_FORMAT} file`);
  const db = ctx.memro.db;
  const [existing] = await db
    .select({ id: namespaces.id })
    .from(namespaces)
    .where(eq(namespaces.id, header.namespaceId));
  if (existing) throw conflict(`namespace ${header.slug} already exists in this database`);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const types = await columnTypes(tx);
    let table = "";
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await insertRows(ctx, tx, table, batch, types.get(table)!);
      counts[table] = (counts[table] ?? 0) + batch.length;
      onProgress?.(table, counts[table]!, 0);
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const { t, r } = JSON.parse(next.value) as { t: string; r: Record<string, unknown> };
      if (!BACKUP_TABLES.some((b) => b.name === t)) throw badRequest(`unknown table ${t} in backup`);
      if (t !== table || batch.length >= BATCH) {
        await flush();
        table = t;
      }
      batch.push(r);
    }
    await flush();
    for (const serial of ["audit_events", "run_steps"]) {
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${serial}, 'id'), greatest((select coalesce(max(id), 0) from ${sql.identifier(serial)}), 1))`,
      );
    }
  });
  return { namespaceId: header.namespaceId, rows: counts };
}

type ColumnTypes = Map<string, Map<string, string>>;

async function columnTypes(tx: Executor): Promise<ColumnTypes> {
  const rows = await queryRows<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_generated: string;
  }>(
    tx,
    sql`select table_name, column_name, udt_name, is_generated from information_schema.columns where table_schema = 'public'`,
  );
  const out: ColumnTypes = new Map();
  for (const r of rows) {
    if (r.is_generated === "ALWAYS") continue;
    if (!out.has(r.table_name)) out.set(r.table_name, new Map());
    out.get(r.table_name)!.set(r.column_name, r.udt_name);
  }
  return out;
}

async function insertRows(
  ctx: CoreContext,
  tx: Executor,
  table: string,
  rows: Record<string, unknown>[],
  types: Map<string, string>,
) {
  const columns = Object.keys(rows[0]!).filter((c) => types.has(c));
  const values = rows.map(
    (row) =>
      sql`(${sql.join(
        columns.map((c) => cell(ctx, c, row[c], types.get(c)!)),
        sql`, `,
      )})`,
  );
  await tx.execute(
    sql`insert into ${sql.identifier(table)} (${sql.join(
      columns.map((c) => sql.identifier(c)),
      sql`, `,
    )})
      values ${sql.join(values, sql`, `)}`,
  );
}

/** One value cast to its column's type; arrays go as Postgres array literals, vectors in this server's format. */
function cell(ctx: CoreContext, column: string, value: unknown, udt: string): SQL {
  if (value === null || value === undefined) return sql`null`;
  if (column === "embedding") {
    const numbers = String(value)
      .replace(/[[\]{}]/g, "")
      .split(",")
      .map(Number);
    return ctx.vectors.embeddingSql(Float32Array.from(numbers));
  }
  if (column === "vec_seq") return sql`nextval('memory_vec_seq')`;
  if (udt === "jsonb" || udt === "json") return sql`${JSON.stringify(value)}::jsonb`;
  if (udt.startsWith("_")) {
    const items = (value as unknown[]).map(
      (v) => `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
    );
    return sql`${`{${items.join(",")}}`}::${sql.raw(`${udt.slice(1)}[]`)}`;
  }
  return sql`${value instanceof Date ? value.toISOString() : value}::${sql.raw(udt)}`;
}
