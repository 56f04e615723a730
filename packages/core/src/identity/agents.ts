import { agents, apiKeys } from "@memro/db";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, MemroError, notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { type AgentActor, KEY_REVOKED_CHANNEL } from "./api-key-cache.js";
import { newSecret, sameHash, secretHash } from "./secrets.js";

export const createAgentInput = z.strictObject({
  namespaceId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
});

export async function createAgent(ctx: CoreContext, actor: Actor, raw: unknown) {
  requireOperator(actor, "admin");
  const input = parseInput(createAgentInput, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agents)
      .values({ namespaceId: input.namespaceId, name: input.name, description: input.description ?? "" })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`agent ${input.name} exists in this namespace`);
    await appendAudit(tx, {
      namespaceId: input.namespaceId,
      actor,
      action: "agent.create",
      targetType: "agent",
      targetId: row.id,
      payload: { after: row },
    });
    return row;
  });
}

export async function listAgents(ctx: CoreContext, actor: Actor, namespaceId: string) {
  requireOperator(actor, "viewer");
  const db = ctx.memro.db;
  const rows = await db
    .select()
    .from(agents)
    .where(eq(agents.namespaceId, namespaceId))
    .orderBy(asc(agents.name));
  const keys = await db
    .select({
      id: apiKeys.id,
      agentId: apiKeys.agentId,
      label: apiKeys.label,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.namespaceId, namespaceId));
  return rows.map((a) => ({ ...a, keys: keys.filter((k) => k.agentId === a.id) }));
}

/** Returns the key once; only its sha256 and a short prefix are kept. */
export async function createApiKey(ctx: CoreContext, actor: Actor, agentId: string, label = "") {
  requireOperator(actor, "admin");
  return ctx.memro.db.transaction(async (tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId));
    if (!agent) throw notFound("agent");
    const key = `mk_${newSecret(30)}`;
    const [row] = await tx
      .insert(apiKeys)
      .values({
        namespaceId: agent.namespaceId,
        agentId,
        label,
        prefix: key.slice(0, 10),
        hash: secretHash(key),
      })
      .returning();
    await appendAudit(tx, {
      namespaceId: agent.namespaceId,
      actor,
      action: "api_key.create",
      targetType: "api_key",
      targetId: row!.id,
      payload: { agentId, prefix: row!.prefix, label },
    });
    return { id: row!.id, prefix: row!.prefix, key };
  });
}

export async function revokeApiKey(ctx: CoreContext, actor: Actor, keyId: string) {
  requireOperator(actor, "admin");
  const revoked = await ctx.memro.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound("active API key");
    // Delivered at commit to every process's key cache (this one's is emptied below at once).
    await tx.execute(sql`select pg_notify(${KEY_REVOKED_CHANNEL}, ${row.id})`);
    await appendAudit(tx, {
      namespaceId: row.namespaceId,
      actor,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: row.id,
      payload: { prefix: row.prefix },
    });
    return { id: row.id, revokedAt: row.revokedAt };
  });
  ctx.keyCache.revoked(revoked.id);
  return revoked;
}

/** Last use is kept to the minute: most calls need no write. */
const LAST_USE_PRECISION_MS = 60_000;

/**
 * The agent actor behind a bearer key, or UNAUTHORIZED. Never trusts anything but the key (or
 * this process's recent lookup of it, see `ApiKeyCache`).
 */
export async function authenticateApiKey(ctx: CoreContext, key: string): Promise<AgentActor> {
  const unauthorized = new MemroError("UNAUTHORIZED", "invalid or revoked API key");
  if (!key.startsWith("mk_") || key.length > 200) throw unauthorized;
  const hash = secretHash(key);
  const now = Date.now();
  const cached = ctx.keyCache.lookup(hash, now);
  if (cached && now - cached.lastUsedAt < LAST_USE_PRECISION_MS) return cached.actor;
  const generation = ctx.keyCache.generation();
  const db = ctx.memro.db;
  const [row] = await db
    .select({ key: apiKeys, agent: agents })
    .from(apiKeys)
    .innerJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(eq(apiKeys.hash, hash));
  if (!row || !sameHash(row.key.hash, hash) || row.key.revokedAt || row.agent.disabledAt) throw unauthorized;
  let lastUsedAt = row.key.lastUsedAt?.getTime() ?? 0;
  if (now - lastUsedAt >= LAST_USE_PRECISION_MS) {
    const staleBefore = new Date(now - LAST_USE_PRECISION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(
        and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))),
      );
    lastUsedAt = now;
  }
  const actor: AgentActor = {
    type: "agent",
    agentId: row.agent.id,
    namespaceId: row.agent.namespaceId,
    keyId: row.key.id,
  };
  ctx.keyCache.store(hash, { actor, checkedAt: now, lastUsedAt }, generation);
  return actor;
}
