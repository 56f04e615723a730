import { describeActor, signIn, signOut } from "@memro/core";
import { z } from "zod";
import { sessionCookie } from "../../http/cookies.js";
import { authedProcedure, publicProcedure, router } from "../init.js";

const tags = ["auth"];

export const authRouter = router({
  /** Console sign-in sets an httpOnly cookie; scripts ask for a bearer token instead. */
  signIn: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/sign-in",
        tags,
        summary: "Sign in an operator (bearer token or cookie)",
      },
    })
    .input(
      z.object({
        email: z.string().max(200),
        password: z.string().max(200),
        bearer: z.boolean().default(false),
      }),
    )
    .output(z.unknown())
    .mutation(async ({ ctx, input }) => {
      const kind = input.bearer ? "bearer" : "cookie";
      const session = await signIn(ctx.core, { email: input.email, password: input.password }, kind);
      ctx.log.info("operator signed in", { operatorId: session.operator.id, kind });
      if (kind === "cookie") {
        ctx.setCookie(sessionCookie(session.token, session.expiresAt));
        return { operator: session.operator, expiresAt: session.expiresAt };
      }
      return { operator: session.operator, expiresAt: session.expiresAt, token: session.token };
    }),

  signOut: authedProcedure
    .meta({ openapi: { method: "POST", path: "/auth/sign-out", tags, summary: "End the session" } })
    .input(z.object({}))
    .output(z.unknown())
    .mutation(async ({ ctx }) => {
      if (ctx.sessionToken) await signOut(ctx.core, ctx.sessionToken);
      ctx.setCookie(sessionCookie("", new Date(0)));
      return { ok: true };
    }),

  me: authedProcedure
    .meta({ openapi: { method: "GET", path: "/auth/me", tags, summary: "Who the credential belongs to" } })
    .input(z.object({}))
    .output(z.unknown())
    .query(({ ctx }) => describeActor(ctx.core, ctx.actor)),
});
