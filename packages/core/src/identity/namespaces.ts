import { namespaces } from "@memro/db";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";

export const createNamespaceInput = z.strictObject({
  slug: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
  name: z.string().trim().min(1).max(200).optional(),
});

export async function createNamespace(ctx: CoreContext, actor: Actor, raw: unknown) {
  requireOperator(actor, "admin");
  const input = parseInput(createNamespaceInput, raw);
  return ctx.memro.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(namespaces)
      .values({ slug: input.slug, name: input.name ?? input.slug })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`namespace ${input.slug} exists`);
    await appendAudit(tx, {
      namespaceId: row.id,
      actor,
      action: "namespace.create",
      targetType: "namespace",
      targetId: row.id,
      payload: { after: row },
    });
    return row;
  });
}

export async function listNamespaces(ctx: CoreContext, actor: Actor) {
  requireOperator(actor, "viewer");
  return ctx.memro.db.select().from(namespaces).orderBy(asc(namespaces.createdAt));
}

export async function namespaceBySlug(ctx: CoreContext, slug: string) {
  const [row] = await ctx.memro.db.select().from(namespaces).where(eq(namespaces.slug, slug));
  if (!row) throw notFound("namespace");
  return row;
}
