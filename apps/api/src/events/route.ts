import type { IncomingMessage, ServerResponse } from "node:http";
import { type Actor, type Core, listNamespaces, MemroError, namespaceOf, requireOperator } from "@memro/core";
import { authenticate } from "../http/authenticate.js";
import { sendJson } from "../http/server.js";
import type { Logger } from "../log.js";
import { type AuditEvent, eventsBetween } from "./fetch-events.js";
import { AuditHub } from "./hub.js";
import { agentFilter } from "./visibility.js";

export interface EventsRouteOptions {
  core: Core;
  log: Logger;
  heartbeatMs?: number;
}

/** `GET /events`: live audit events as server-sent events, filtered to what the caller may see. */
export function eventsRoute(opts: EventsRouteOptions) {
  const hub = new AuditHub(opts.core, opts.log);
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/events") return false;
    if (req.method !== "GET") {
      sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET" });
      return true;
    }
    const { actor } = await authenticate(opts.core, req);
    if (!actor) {
      sendJson(
        res,
        401,
        { error: { code: "UNAUTHORIZED", message: "missing credentials" } },
        { "www-authenticate": "Bearer" },
      );
      return true;
    }
    const namespaceId = await resolveNamespace(
      opts.core,
      actor,
      url.searchParams.get("namespaceId") ?? undefined,
    );
    const visible = actor.type === "agent" ? agentFilter(opts.core, actor) : async () => true;

    // Live events queue behind the replay and go out in order though the visibility check is async.
    let release = () => {};
    let out = new Promise<void>((ok) => {
      release = ok;
    });
    const write = async (event: AuditEvent) => {
      if (!(await visible(event)) || res.destroyed) return;
      res.write(`id: ${event.seq}\nevent: audit\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const send = (event: AuditEvent) => {
      out = out.then(() => write(event)).catch(() => {});
    };
    const { startSeq, leave } = await hub.subscribe(namespaceId, send);
    const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), heartbeatMs);
    req.on("close", () => {
      clearInterval(heartbeat);
      leave();
    });
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 3000\n: connected\n\n");
    // A reconnecting client names the last seq it saw; replay what it missed (up to 500).
    const lastId = Number(req.headers["last-event-id"]);
    try {
      if (req.headers["last-event-id"] && Number.isInteger(lastId) && lastId >= 0 && lastId < startSeq) {
        for (const event of await eventsBetween(opts.core, namespaceId, lastId, startSeq)) await write(event);
      }
    } finally {
      release();
    }
    return true;
  };
}

async function resolveNamespace(core: Core, actor: Actor, requested: string | undefined): Promise<string> {
  if (actor.type === "agent") return namespaceOf(actor, requested);
  requireOperator(actor, "viewer");
  if (!requested)
    throw new MemroError("BAD_REQUEST", "namespaceId query parameter is required for operators");
  const all = await listNamespaces(core, actor);
  if (!all.some((n: { id: string }) => n.id === requested))
    throw new MemroError("NOT_FOUND", "namespace not found");
  return requested;
}
