import type { IncomingMessage } from "node:http";
import { type Actor, authenticateApiKey, authenticateSession, type Core, MemroError } from "@memro/core";
import { readCookie, SESSION_COOKIE } from "./cookies.js";

export interface Credential {
  actor: Actor | null;
  viaCookie: boolean;
  sessionToken: string | null;
}

/**
 * The actor comes from the credential only: `Authorization: Bearer mk_…` is an agent key,
 * any other bearer token or the console cookie is an operator session. A credential that
 * is present but wrong is an error (401), not an anonymous call.
 */
export async function authenticate(core: Core, req: IncomingMessage | Request): Promise<Credential> {
  const header = headerOf(req, "authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new MemroError("UNAUTHORIZED", "Authorization must be 'Bearer <key or token>'");
    const token = match[1]!;
    if (token.startsWith("mk_"))
      return { actor: await authenticateApiKey(core, token), viaCookie: false, sessionToken: null };
    const op = await authenticateSession(core, token);
    return {
      actor: { type: "operator", operatorId: op.operatorId, role: op.role },
      viaCookie: false,
      sessionToken: token,
    };
  }
  const cookie = readCookie(headerOf(req, "cookie"), SESSION_COOKIE);
  if (cookie) {
    const op = await authenticateSession(core, cookie);
    return {
      actor: { type: "operator", operatorId: op.operatorId, role: op.role },
      viaCookie: true,
      sessionToken: cookie,
    };
  }
  return { actor: null, viaCookie: false, sessionToken: null };
}

/** The REST adapter hands over a Fetch `Request`, tRPC's a Node `IncomingMessage`. */
export function headerOf(req: IncomingMessage | Request, name: string): string | undefined {
  if (typeof (req as Request).headers?.get === "function")
    return (req as Request).headers.get(name) ?? undefined;
  const value = (req as IncomingMessage).headers[name];
  return Array.isArray(value) ? value[0] : value;
}
