import {
  type Actor,
  type Core,
  databaseUnavailable,
  MemroError,
  type OperatorRole,
  requireOperator,
} from "@memro/core";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Logger } from "../log.js";

export interface RequestContext {
  core: Core;
  actor: Actor | null;
  /** Set when the caller authenticated with a console cookie (CSRF rules apply). */
  viaCookie: boolean;
  /** Cookie sessions must send the `x-memro-csrf` header on mutations. */
  csrfHeader: boolean;
  requestId: string;
  log: Logger;
  setCookie(value: string): void;
  sessionToken: string | null;
}

const TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;

export function toTrpcError(error: unknown): TRPCError {
  const down = error instanceof MemroError ? null : databaseUnavailable(error);
  if (down) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: down.message, cause: down });
  if (error instanceof TRPCError) return error;
  if (error instanceof MemroError) {
    return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error", cause: error });
}

const t = initTRPC
  .context<RequestContext>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const memro = cause instanceof MemroError ? cause : undefined;
      const zodIssues = (cause as { issues?: unknown[] } | undefined)?.issues;
      return {
        ...shape,
        // Unknown errors never leak their message or stack.
        message: error.code === "INTERNAL_SERVER_ERROR" ? "internal error" : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          memroCode: memro?.code ?? (error.code === "BAD_REQUEST" ? "BAD_REQUEST" : undefined),
          details: memro?.details ?? (zodIssues ? { issues: zodIssues } : undefined),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next, ctx, path, type }) => {
  const result = await next();
  if (!result.ok) {
    // Validation errors (zod) are already BAD_REQUEST TRPCErrors; only our own errors need mapping.
    const cause = result.error.cause;
    const mapped = toTrpcError(
      cause instanceof MemroError ? cause : (databaseUnavailable(cause) ?? result.error),
    );
    if (mapped.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error("request failed", { path, type, error: String(result.error.cause ?? result.error) });
    }
    return { ...result, error: mapped };
  }
  return result;
});

const csrf = t.middleware(({ ctx, type, next }) => {
  if (ctx.viaCookie && type === "mutation" && !ctx.csrfHeader) {
    throw new TRPCError({ code: "FORBIDDEN", message: "missing x-memro-csrf header for a cookie session" });
  }
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors);

export const authedProcedure = publicProcedure.use(csrf).use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "missing or invalid credentials" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

export const agentProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.type !== "agent")
    throw new TRPCError({ code: "FORBIDDEN", message: "this call needs an agent API key" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

export const operatorProcedure = (role: OperatorRole) =>
  authedProcedure.use(({ ctx, next }) => {
    try {
      requireOperator(ctx.actor, role);
    } catch (error) {
      throw toTrpcError(error);
    }
    return next({ ctx });
  });
