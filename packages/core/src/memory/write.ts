import { type Executor, memories } from "@memro/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "../actor.js";
import { appendAudit, lockChainHead } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { authorizeWrite, requireOperator } from "../policy/policy.js";
import { createPromotion } from "../promotions/create.js";
import { assertRunOpen } from "../runs/access.js";
import { namespaceOf } from "../scope.js";
import { parseInput } from "../validation.js";
import { chunkText } from "./chunking.js";
import { contentHash, NEAR_DUPLICATE_THRESHOLD, REINFORCE_IMPORTANCE_STEP } from "./dedup.js";
import { type ParsedWrite, writeMemoryInput } from "./schemas.js";
import { type Memory, memoryColumns, publicMemory, snapshot } from "./snapshot.js";

export type WriteResult =
  | { status: "created"; memory: Memory; chunks?: Memory[]; duplicateOf?: string; superseded?: string }
  | { status: "reinforced"; memory: Memory }
  | { status: "pending"; promotionId: string };

export interface WriteOptions {
  namespaceId?: string;
  /** Vectors computed beforehand (bulk import, benchmarks), one per chunk. */
  vectors?: Float32Array[];
  /** Set by promotion approval: the author the memory is written for, and its sources. */
  authorAgentId?: string | null;
  derivedFrom?: string[];
  auditAction?: string;
}

/** Writes a memory to a tier through policy: direct, gated (a pending promotion), or denied. */
export async function writeMemory(
  ctx: CoreContext,
  actor: Actor,
  raw: unknown,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const input = parseInput(writeMemoryInput, raw);
  const namespaceId = namespaceOf(actor, options.namespaceId);
  const db = ctx.memro.db;
  if (actor.type === "agent") {
    if (input.runId) await assertRunOpen(db, actor.agentId, namespaceId, input.runId);
    const mode = await authorizeWrite(db, actor, input.tier, { action: "memory.create", runId: input.runId });
    if (mode === "gated") {
      const promotion = await db.transaction((tx) =>
        createPromotion(tx, actor, {
          namespaceId,
          kind: "gated_write",
          targetTier: input.tier,
          proposed: input as unknown as Record<string, unknown>,
          runId: input.runId ?? null,
        }),
      );
      return { status: "pending", promotionId: promotion.id };
    }
  } else {
    requireOperator(actor, "approver");
  }
  const texts = input.tier === "vector" ? chunkText(input.content) : [input.content];
  const vectors = options.vectors ?? (await ctx.embeddings.embed(texts));
  const authorAgentId =
    options.authorAgentId !== undefined
      ? options.authorAgentId
      : actor.type === "agent"
        ? actor.agentId
        : null;
  const result = await db.transaction((tx) =>
    insertDirect(ctx, tx, actor, { namespaceId, input, texts, vectors, authorAgentId, options }),
  );
  if (result.status === "created") ctx.plannerStats.noteWrites(1 + (result.chunks?.length ?? 0));
  return result;
}

export interface DirectWrite {
  namespaceId: string;
  input: ParsedWrite;
  texts: string[];
  vectors: Float32Array[];
  authorAgentId: string | null;
  options: WriteOptions;
}

async function insertDirect(
  ctx: CoreContext,
  tx: Executor,
  actor: Actor,
  w: DirectWrite,
): Promise<WriteResult> {
  const { input, namespaceId } = w;
  const hash = contentHash(input.tier, input.content);
  const sameScope = and(
    eq(memories.namespaceId, namespaceId),
    eq(memories.tier, input.tier),
    eq(memories.status, "active"),
    w.authorAgentId ? eq(memories.authorAgentId, w.authorAgentId) : isNull(memories.authorAgentId),
    input.subject ? eq(memories.subject, input.subject) : isNull(memories.subject),
  );
  const validFrom = input.validFrom ?? new Date();
  // Episodic memories are events: the same words at another time are another event.
  const sameEvent =
    input.tier === "episodic"
      ? and(
          eq(memories.validFrom, validFrom),
          sql`${memories.data}->>'episode' is not distinct from ${input.data.episode ?? null}`,
        )
      : undefined;
  const [exact] = await tx
    .select(memoryColumns())
    .from(memories)
    .where(and(sameScope, eq(memories.contentHash, hash), sameEvent))
    .limit(1);
  if (exact) return reinforce(tx, actor, exact, input.runId ?? null);

  let superseded: typeof memories.$inferSelect | undefined;
  if (input.tier === "knowledge" && input.data.subject && input.data.predicate) {
    [superseded] = await tx
      .select()
      .from(memories)
      .where(
        and(
          sameScope,
          sql`lower(${memories.data}->>'subject') = lower(${input.data.subject})`,
          sql`lower(${memories.data}->>'predicate') = lower(${input.data.predicate})`,
        ),
      )
      .limit(1);
  }
  const duplicateOf =
    superseded || input.tier === "episodic" ? undefined : await nearDuplicate(ctx, tx, w, sameScope);
  const now = new Date();
  const rows: Memory[] = [];
  // Before the rows take their vec_seq (see lockChainHead).
  await lockChainHead(tx, namespaceId);
  for (const [index, text] of w.texts.entries()) {
    const [row] = await tx
      .insert(memories)
      .values({
        namespaceId,
        tier: input.tier,
        content: text,
        data: input.data as Record<string, unknown>,
        metadata: input.metadata,
        tags: input.tags,
        labels: input.labels,
        subject: input.subject ?? null,
        authorAgentId: w.authorAgentId,
        runId: input.runId ?? null,
        visibility: input.visibility,
        importance: input.importance,
        version: superseded ? superseded.version + 1 : 1,
        supersedes: superseded?.id ?? null,
        derivedFrom: w.options.derivedFrom ?? [],
        duplicateOf: duplicateOf ?? null,
        chunkOf: w.texts.length > 1 && index > 0 ? rows[0]!.id : null,
        chunkIndex: w.texts.length > 1 ? index : null,
        contentHash: index === 0 ? hash : contentHash(input.tier, text),
        validFrom,
        validTo: input.validTo ?? null,
        recordedAt: now,
        embedding: ctx.vectors.embeddingSql(w.vectors[index]!),
        embeddingModel: ctx.embeddings.modelId,
        vecSeq: sql`nextval('memory_vec_seq')`,
      })
      .returning(memoryColumns());
    rows.push(publicMemory(row!));
    await appendAudit(tx, {
      namespaceId,
      actor,
      action: w.options.auditAction ?? "memory.create",
      targetType: "memory",
      targetId: row!.id,
      runId: input.runId ?? null,
      payload: { after: snapshot(row!) },
    });
  }
  if (superseded) {
    const [after] = await tx
      .update(memories)
      .set({ status: "superseded", validTo: validFrom, retiredAt: now, updatedAt: now })
      .where(eq(memories.id, superseded.id))
      .returning();
    await appendAudit(tx, {
      namespaceId,
      actor,
      action: "memory.supersede",
      targetType: "memory",
      targetId: superseded.id,
      runId: input.runId ?? null,
      reason: `superseded by ${rows[0]!.id}`,
      payload: { before: snapshot(superseded), after: snapshot(after!) },
    });
  }
  return {
    status: "created",
    memory: rows[0]!,
    ...(rows.length > 1 ? { chunks: rows.slice(1) } : {}),
    ...(duplicateOf ? { duplicateOf } : {}),
    ...(superseded ? { superseded: superseded.id } : {}),
  };
}

export async function nearDuplicate(
  ctx: CoreContext,
  tx: Executor,
  w: DirectWrite,
  sameScope: ReturnType<typeof and>,
): Promise<string | undefined> {
  if (w.texts.length > 1) return undefined;
  const hits = await ctx.vectors.nearest(tx, w.namespaceId, w.vectors[0]!, 5);
  const close = hits.filter((h) => h.similarity >= NEAR_DUPLICATE_THRESHOLD[w.input.tier]);
  if (close.length === 0) return undefined;
  const [match] = await tx
    .select({ id: memories.id })
    .from(memories)
    .where(
      and(
        sameScope,
        sql`${memories.id} in (${sql.join(
          close.map((h) => sql`${h.id}`),
          sql`, `,
        )})`,
      ),
    )
    .limit(1);
  return match?.id;
}

export async function reinforce(
  tx: Executor,
  actor: Actor,
  existing: Memory,
  runId: string | null,
): Promise<WriteResult> {
  const [after] = await tx
    .update(memories)
    .set({
      accessCount: existing.accessCount + 1,
      importance: Math.min(1, existing.importance + REINFORCE_IMPORTANCE_STEP),
      lastAccessedAt: new Date(),
    })
    .where(eq(memories.id, existing.id))
    .returning(memoryColumns());
  await appendAudit(tx, {
    namespaceId: existing.namespaceId,
    actor,
    action: "memory.reinforce",
    targetType: "memory",
    targetId: existing.id,
    runId,
    payload: { before: snapshot(existing), after: snapshot(after!) },
  });
  return { status: "reinforced", memory: publicMemory(after!) };
}
