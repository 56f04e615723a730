import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type MemroDb } from "./create-db.js";

/** Which database the test suites run on: `MEMRO_TEST_DB=postgres` with `DATABASE_URL`, else PGlite. */
export function testDbKind(): "pglite" | "postgres" {
  return process.env.MEMRO_TEST_DB === "postgres" ? "postgres" : "pglite";
}

export interface TestDb extends MemroDb {
  /** The database's URL on PostgreSQL (undefined on PGlite). */
  url?: string;
  /** Drops what the suite created (the whole database on PostgreSQL). */
  dispose(): Promise<void>;
}

/**
 * One isolated database per test file: an in-memory PGlite, or a fresh database created on
 * the PostgreSQL server named by `DATABASE_URL` and dropped afterwards, so suites run in
 * parallel without racing.
 */
export async function openTestDb(): Promise<TestDb> {
  if (testDbKind() === "pglite") {
    const memro = await createDb({ kind: "pglite" });
    return { ...memro, dispose: () => memro.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("MEMRO_TEST_DB=postgres needs DATABASE_URL");
  const name = `memro_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const memro = await createDb({ kind: "postgres", url: url.toString(), maxConnections: 8 });
  return {
    ...memro,
    url: url.toString(),
    async dispose() {
      await memro.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
