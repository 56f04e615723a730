import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** A fresh PostgreSQL database on the server named by DATABASE_URL, dropped by `drop()`. */
export async function freshDatabase() {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `memro_rel_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    url: url.toString(),
    sql,
    async drop() {
      await sql.end({ timeout: 2 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
