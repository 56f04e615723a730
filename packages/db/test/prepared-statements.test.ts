import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/index.js";
import { openTestDb, type TestDb, testDbKind } from "../src/testing.js";

// pg_prepared_statements lists the statements of the session that asks, so each check runs
// in one transaction (one connection) with the statements it looks for.
describe.skipIf(testDbKind() !== "postgres")("prepared statements on PostgreSQL", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => t?.dispose());

  const preparedLike = (tx: Parameters<Parameters<TestDb["db"]["transaction"]>[0]>[0], marker: string) =>
    queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`}
        and statement not like '%pg_prepared_statements%'`,
    );

  it("prepares a parameterised query once and reuses it, inside transactions too", async () => {
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await queryRows(tx, sql`select ${i}::int as prep_marker_one`);
      const [row] = await preparedLike(tx, "prep_marker_one");
      expect(row!.n).toBe(1);
      // A savepoint (a nested transaction) uses the same client.
      await tx.transaction(async (inner) => {
        await queryRows(inner, sql`select ${1}::int as prep_marker_two`);
        const [nested] = await preparedLike(inner, "prep_marker_two");
        expect(nested!.n).toBe(1);
      });
    });
  });

  it("does not prepare statements with more than 100 parameters (their text varies with the batch)", async () => {
    await t.db.transaction(async (tx) => {
      const many = Array.from({ length: 150 }, (_, i) => sql`${i}::int`);
      await queryRows(tx, sql`select greatest(${sql.join(many, sql`, `)}) as prep_marker_many`);
      const few = Array.from({ length: 100 }, (_, i) => sql`${i}::int`);
      await queryRows(tx, sql`select greatest(${sql.join(few, sql`, `)}) as prep_marker_few`);
      expect((await preparedLike(tx, "prep_marker_many"))[0]!.n).toBe(0);
      expect((await preparedLike(tx, "prep_marker_few"))[0]!.n).toBe(1);
    });
  });
});
