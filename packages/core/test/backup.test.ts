import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryRows } from "@memro/db";
import { openTestDb, testDbKind } from "@memro/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCore,
  createEntities,
  exportNamespace,
  importNamespace,
  searchMemories,
  startRun,
  verifyChain,
  writeMemory,
} from "../src/index.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

describe(`namespace backup on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  it("exports a namespace as JSON lines and imports it into an empty database: counts equal, chain verifies to the same head", async () => {
    const { ns, agents } = await tenant(h);
    const a = agents.alpha!;
    await writeMemory(h.core, a, {
      tier: "vector",
      content: "Backups of the billing database run at 02:00 UTC",
      tags: ["ops"],
    });
    await writeMemory(h.core, a, {
      tier: "episodic",
      content: "Operator restored the staging cluster",
      data: { episode: "e1", position: 0 },
    });
    await writeMemory(h.core, a, { tier: "knowledge", content: "Billing DB is Postgres 15" });
    await createEntities(h.core, a, { entities: [{ name: "Billing DB", type: "database" }] });
    await startRun(h.core, a, { task: "check the billing backups" });
    const original = await verifyChain(h.core.memro.db, ns.id);
    expect(original.ok).toBe(true);

    const file = join(mkdtempSync(join(tmpdir(), "memro-backup-")), "ns.jsonl");
    const progress: string[] = [];
    const exported = await exportNamespace(h.core, h.admin, ns.id, file, (table, done, total) =>
      progress.push(`${table}:${done}/${total}`),
    );
    expect(exported.rows.memories).toBe(2);
    expect(exported.rows.promotions).toBe(1);
    expect(progress.some((p) => p.startsWith("audit_events:"))).toBe(true);
    expect(readFileSync(file, "utf8")).not.toContain(ns.id.replace(/-/g, "x"));

    const target = await openTestDb();
    const restored = await createCore({ db: target, embeddings: h.core.embeddings });
    try {
      const imported = await importNamespace(restored, h.admin, file);
      expect(imported.rows).toEqual(
        Object.fromEntries(Object.entries(exported.rows).filter(([, n]) => n > 0)),
      );
      const chain = await verifyChain(restored.memro.db, ns.id);
      expect(chain).toMatchObject({ ok: true, headSeq: original.headSeq, headHash: original.headHash });
      for (const table of [
        "memories",
        "entities",
        "runs",
        "context_packs",
        "audit_events",
        "audit_payloads",
        "api_keys",
      ]) {
        const count = async (db: typeof target.db) =>
          (
            await queryRows<{ n: number }>(
              db,
              table === "audit_payloads"
                ? sql`select count(*)::int as n from audit_payloads where event_id in (select id from audit_events where namespace_id = ${ns.id})`
                : sql`select count(*)::int as n from ${sql.identifier(table)} where namespace_id = ${ns.id}`,
            )
          )[0]!.n;
        expect(await count(restored.memro.db)).toBe(await count(h.core.memro.db));
      }
      // The restored namespace answers searches (vectors came along) and refuses a second import.
      const hits = await searchMemories(restored, a, { query: "when do billing backups run", k: 1 });
      expect(hits[0]?.memory.content).toContain("02:00");
      await expect(importNamespace(restored, h.admin, file)).rejects.toMatchObject({ code: "CONFLICT" });
    } finally {
      await target.dispose();
    }
  });
});
