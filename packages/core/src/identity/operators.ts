import { namespaces, operators, sessions } from "@memro/db";
import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor, OperatorRole } from "../actor.js";
import { appendAudit } from "../audit/append.js";
import type { CoreContext } from "../context.js";
import { conflict, MemroError, notFound } from "../errors.js";
import { requireOperator } from "../policy/policy.js";
import { parseInput } from "../validation.js";
import { generatePassword, hashPassword, newSecret, secretHash, verifyPassword } from "./secrets.js";

/** Events that belong to no tenant (operators, sign-ins) are chained in this reserved namespace. */
export const SYSTEM_NAMESPACE = "_system";

export async function systemNamespaceId(ctx: CoreContext): Promise<string> {
  const db = ctx.memro.db;
  await db.insert(namespaces).values({ slug: SYSTEM_NAMESPACE, name: "System" }).onConflictDoNothing();
  const [row] = await db
    .select({ id: namespaces.id })
    .from(namespaces)
    .where(eq(namespaces.slug, SYSTEM_NAMESPACE));
  return row!.id;
}

export const createOperatorInput = z.strictObject({
  email: z.email().max(200),
  name: z.string().max(200).optional(),
  role: z.enum(["viewer", "approver", "admin"]),
  password: z.string().min(12, "passwords have at least 12 characters").max(200),
});

export async function createOperator(ctx: CoreContext, actor: Actor, raw: unknown) {
  requireOperator(actor, "admin");
  const input = parseInput(createOperatorInput, raw);
  const passwordHash = await hashPassword(input.password);
  const sys = await systemNamespaceId(ctx);
  return ctx.memro.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(operators)
      .values({ email: input.email.toLowerCase(), name: input.name ?? "", role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning({ id: operators.id, email: operators.email, role: operators.role, name: operators.name });
    if (!row) throw conflict(`operator ${input.email} exists`);
    await appendAudit(tx, {
      namespaceId: sys,
      actor,
      action: "operator.create",
      targetType: "operator",
      targetId: row.id,
      payload: { after: row },
    });
    return row;
  });
}

export async function listOperators(ctx: CoreContext, actor: Actor) {
  requireOperator(actor, "viewer");
  return ctx.memro.db
    .select({
      id: operators.id,
      email: operators.email,
      name: operators.name,
      role: operators.role,
      createdAt: operators.createdAt,
    })
    .from(operators)
    .orderBy(asc(operators.email));
}

export async function setOperatorRole(
  ctx: CoreContext,
  actor: Actor,
  operatorId: string,
  role: OperatorRole,
) {
  requireOperator(actor, "admin");
  const sys = await systemNamespaceId(ctx);
  return ctx.memro.db.transaction(async (tx) => {
    const [before] = await tx.select().from(operators).where(eq(operators.id, operatorId)).for("update");
    if (!before) throw notFound("operator");
    await tx.update(operators).set({ role }).where(eq(operators.id, operatorId));
    await appendAudit(tx, {
      namespaceId: sys,
      actor,
      action: "operator.role",
      targetType: "operator",
      targetId: operatorId,
      payload: { before: { role: before.role }, after: { role } },
    });
    return { id: operatorId, role };
  });
}

/**
 * On first start, creates the first admin: from the given email/password (automation) or
 * with a generated password returned once to be printed. Never a fixed default.
 */
export async function bootstrapAdmin(
  ctx: CoreContext,
  given: { email?: string; password?: string },
): Promise<{ email: string; password?: string; created: boolean }> {
  const db = ctx.memro.db;
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(operators);
  const email = (given.email ?? "admin@memro.local").toLowerCase();
  if (n > 0) return { email, created: false };
  const password = given.password ?? generatePassword();
  await createOperator(
    ctx,
    { type: "system", reason: "first start" },
    { email, role: "admin", password, name: "Admin" },
  );
  return { email, created: true, ...(given.password ? {} : { password }) };
}

const SESSION_HOURS = { cookie: 12, bearer: 24 * 30 };
const failures = new Map<string, { count: number; until: number }>();
const MAX_FAILURES = 10;
const LOCK_MS = 5 * 60_000;

/** Checks the password (rate-limited per email) and opens a session; the token is returned once. */
export async function signIn(
  ctx: CoreContext,
  raw: unknown,
  kind: "cookie" | "bearer" = "cookie",
): Promise<{
  token: string;
  expiresAt: Date;
  operator: { id: string; email: string; role: OperatorRole; name: string };
}> {
  const input = parseInput(
    z.strictObject({ email: z.string().max(200), password: z.string().max(200) }),
    raw,
  );
  const email = input.email.toLowerCase();
  const state = failures.get(email);
  if (state && state.count >= MAX_FAILURES && state.until > Date.now()) {
    throw new MemroError("RATE_LIMITED", "too many failed sign-ins; try again later", {
      retryAfterSeconds: Math.ceil((state.until - Date.now()) / 1000),
    });
  }
  const db = ctx.memro.db;
  const [op] = await db.select().from(operators).where(eq(operators.email, email));
  const ok = op && !op.disabledAt && (await verifyPassword(input.password, op.passwordHash));
  if (!ok || !op) {
    const next = {
      count: (state?.until ?? 0) > Date.now() ? (state?.count ?? 0) + 1 : 1,
      until: Date.now() + LOCK_MS,
    };
    failures.set(email, next);
    throw new MemroError("UNAUTHORIZED", "wrong email or password");
  }
  failures.delete(email);
  const token = newSecret(32);
  const expiresAt = new Date(Date.now() + SESSION_HOURS[kind] * 3_600_000);
  await db.insert(sessions).values({ operatorId: op.id, kind, tokenHash: secretHash(token), expiresAt });
  return { token, expiresAt, operator: { id: op.id, email: op.email, role: op.role, name: op.name } };
}

export async function authenticateSession(
  ctx: CoreContext,
  token: string,
): Promise<
  Extract<Actor, { type: "operator" }> & { email: string; name: string; sessionKind: "cookie" | "bearer" }
> {
  const db = ctx.memro.db;
  const [row] = await db
    .select({ session: sessions, operator: operators })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(
      and(
        eq(sessions.tokenHash, secretHash(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        isNull(operators.disabledAt),
      ),
    );
  if (!row) throw new MemroError("UNAUTHORIZED", "session expired or unknown; sign in again");
  return {
    type: "operator",
    operatorId: row.operator.id,
    role: row.operator.role,
    email: row.operator.email,
    name: row.operator.name,
    sessionKind: row.session.kind,
  };
}

export async function signOut(ctx: CoreContext, token: string) {
  await ctx.memro.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(eq(sessions.tokenHash, secretHash(token)));
}

/** Who a credential belongs to, with the operator's e-mail and name for the console. */
export async function describeActor(ctx: CoreContext, actor: Actor) {
  if (actor.type !== "operator") return actor;
  const [op] = await ctx.memro.db
    .select({ email: operators.email, name: operators.name })
    .from(operators)
    .where(eq(operators.id, actor.operatorId));
  return { ...actor, email: op?.email ?? "", name: op?.name ?? "" };
}
