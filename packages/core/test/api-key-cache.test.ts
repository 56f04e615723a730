import { createDb, type MemroDb, queryRows } from "@memro/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretHash } from "../src/identity/secrets.js";
import {
  authenticateApiKey,
  type Core,
  createAgent,
  createApiKey,
  createCore,
  createNamespace,
  revokeApiKey,
} from "../src/index.js";
import { type Harness, setupCore } from "./helpers.js";

let h: Harness;
/** A second core on the same database, as another api process would be (its own pool on PostgreSQL). */
let other: Core;
let otherDb: MemroDb;

beforeAll(async () => {
  h = await setupCore();
  otherDb = h.testDb.url ? await createDb({ kind: "postgres", url: h.testDb.url }) : h.testDb;
  // A long TTL: only the revocation's NOTIFY can empty this cache within the test.
  other = await createCore({ db: otherDb, embeddings: h.core.embeddings, keyCacheMs: 60_000 });
});
afterAll(async () => {
  if (otherDb !== h.testDb) await otherDb.close();
  await h.dispose();
});

let counter = 0;
async function newKey() {
  const ns = await createNamespace(h.core, h.admin, { slug: `kc-${Date.now().toString(36)}-${counter++}` });
  const agent = await createAgent(h.core, h.admin, { namespaceId: ns.id, name: "agent" });
  return createApiKey(h.core, h.admin, agent.id);
}

async function lastUsedAt(keyId: string): Promise<Date | null> {
  const [row] = await queryRows<{ last_used_at: Date | string | null }>(
    h.core.memro.db,
    sql`select last_used_at from api_keys where id = ${keyId}`,
  );
  return row!.last_used_at ? new Date(row!.last_used_at) : null;
}

describe("agent key cache", () => {
  it("serves a key that authenticated without asking again, and still records its use", async () => {
    const created = await newKey();
    expect(await lastUsedAt(created.id)).toBeNull();
    const first = await authenticateApiKey(h.core, created.key);
    expect(first.keyId).toBe(created.id);
    expect(await lastUsedAt(created.id)).not.toBeNull();
    expect(h.core.keyCache.lookup(secretHash(created.key))?.actor).toEqual(first);
    expect(await authenticateApiKey(h.core, created.key)).toEqual(first);
    // A wrong key is never cached: each try is checked.
    await expect(authenticateApiKey(h.core, "mk_not-a-key")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(h.core.keyCache.lookup(secretHash("mk_not-a-key"))).toBeUndefined();
  });

  it("a revocation in another process reaches this one through NOTIFY, long before the TTL", async () => {
    const created = await newKey();
    await authenticateApiKey(other, created.key);
    expect(other.keyCache.lookup(secretHash(created.key))).toBeDefined();
    await revokeApiKey(h.core, h.admin, created.id);
    // The revoking process forgets the key at once.
    await expect(authenticateApiKey(h.core, created.key)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const deadline = Date.now() + 5_000;
    while (other.keyCache.lookup(secretHash(created.key)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await expect(authenticateApiKey(other, created.key)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a revocation written past the core (plain SQL, no NOTIFY) still takes effect within the TTL", async () => {
    const shortLived = await createCore({ db: h.testDb, embeddings: h.core.embeddings, keyCacheMs: 300 });
    const created = await newKey();
    await authenticateApiKey(shortLived, created.key);
    await h.core.memro.db.execute(sql`update api_keys set revoked_at = now() where id = ${created.id}`);
    // Still trusted from the cache: this is the bounded staleness the TTL allows.
    expect((await authenticateApiKey(shortLived, created.key)).keyId).toBe(created.id);
    await new Promise((r) => setTimeout(r, 350));
    await expect(authenticateApiKey(shortLived, created.key)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a lookup that began before a revocation does not store its stale answer", async () => {
    const created = await newKey();
    const hash = secretHash(created.key);
    const cache = h.core.keyCache;
    const generation = cache.generation();
    cache.revoked(created.id);
    const actor = { type: "agent" as const, agentId: "a", namespaceId: "n", keyId: created.id };
    cache.store(hash, { actor, checkedAt: Date.now(), lastUsedAt: Date.now() }, generation);
    expect(cache.lookup(hash)).toBeUndefined();
    cache.store(hash, { actor, checkedAt: Date.now(), lastUsedAt: Date.now() }, cache.generation());
    expect(cache.lookup(hash)?.actor).toEqual(actor);
  });
});
