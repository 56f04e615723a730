import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, DatabaseStartError, queryRows } from "../src/index.js";
import { openTestDb, type TestDb, testDbKind } from "../src/testing.js";

describe(`database on ${testDbKind()}`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => t?.dispose());

  it("creates every table of the data model", async () => {
    const rows = await queryRows<{ table_name: string }>(
      t.db,
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = rows.map((r) => r.table_name);
    for (const table of [
      "namespaces",
      "agents",
      "api_keys",
      "operators",
      "sessions",
      "policies",
      "memories",
      "entities",
      "relations",
      "audit_events",
      "audit_payloads",
      "audit_heads",
      "promotions",
      "runs",
      "run_steps",
      "checkpoints",
      "context_packs",
      "retention_rules",
      "legal_holds",
      "read_access_log",
    ]) {
      expect(names).toContain(table);
    }
  });

  it("applies migrations idempotently: a second start changes nothing", async () => {
    const snapshot = async (db: TestDb["db"]) =>
      JSON.stringify(
        await queryRows(
          db,
          sql`select table_name, column_name, data_type, udt_name from information_schema.columns
            where table_schema in ('public', 'drizzle') order by table_name, column_name`,
        ),
      );
    const migrations = async (db: TestDb["db"]) =>
      (
        await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
      )[0]!.n;
    const before = await snapshot(t.db);
    const applied = await migrations(t.db);
    if (testDbKind() === "pglite") {
      const dir = mkdtempSync(join(tmpdir(), "memro-pglite-"));
      const first = await createDb({ kind: "pglite", dataDir: dir });
      const firstSchema = await snapshot(first.db);
      await first.close();
      const second = await createDb({ kind: "pglite", dataDir: dir });
      expect(await snapshot(second.db)).toBe(firstSchema);
      expect(await migrations(second.db)).toBe(applied);
      await second.close();
    } else {
      const again = await createDb({ kind: "postgres", url: t.url! });
      expect(await snapshot(again.db)).toBe(before);
      expect(await migrations(again.db)).toBe(applied);
      await again.close();
    }
  });

  it("picks the vector path the server supports", async () => {
    expect(t.vectorMode).toBe(testDbKind() === "pglite" ? "pgvector" : await expectedServerMode(t));
  });

  it("keeps a generated full-text vector on memories", async () => {
    const [ns] = await queryRows<{ id: string }>(
      t.db,
      sql`insert into namespaces (slug, name) values ('fts', 'fts') returning id`,
    );
    await t.db.execute(
      sql`insert into memories (namespace_id, tier, content, content_hash) values (${ns!.id}, 'vector', 'Running dogs jumped', 'h')`,
    );
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from memories where fts @@ to_tsquery('english', 'run & dog')`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

async function expectedServerMode(t: TestDb) {
  const rows = await queryRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from pg_available_extensions where name = 'vector'`,
  );
  return rows[0]!.n > 0 ? "pgvector" : "exact-cache";
}

describe("start-up errors", () => {
  it("names an unreachable server in one line", async () => {
    const error = await createDb({
      kind: "postgres",
      url: "postgres://nobody:secret@127.0.0.1:1/nowhere",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as DatabaseStartError).code).toBe("DB_UNREACHABLE");
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).not.toContain("secret");
  });

  it("names an unwritable data directory", async () => {
    // A path below a regular file can never be a directory, even for root.
    const file = join(mkdtempSync(join(tmpdir(), "memro-")), "plain-file");
    writeFileSync(file, "");
    const error = await createDb({ kind: "pglite", dataDir: join(file, "data") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as DatabaseStartError).code).toBe("DATA_DIR_UNWRITABLE");
  });
});
