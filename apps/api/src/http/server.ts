import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Core, databaseUnavailable, MemroError } from "@memro/core";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { sql } from "drizzle-orm";
import { createOpenApiHttpHandler, generateOpenApiDocument } from "trpc-to-openapi";
import { createLogger, type Logger } from "../log.js";
import { type RequestContext, toTrpcError } from "../trpc/init.js";
import { appRouter } from "../trpc/root.js";
import { authenticate, headerOf } from "./authenticate.js";
import { observeRequest, renderMetrics } from "./metrics.js";
import { readJsonBody } from "./read-body.js";

export interface ServerOptions {
  core: Core;
  maxBodyBytes: number;
  version: string;
  /** Extra routes (MCP, events, docs) mounted by their own modules; return true when handled. */
  extraRoutes?: ((req: IncomingMessage, res: ServerResponse, log: Logger) => Promise<boolean>)[];
}

const log = createLogger("http");

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function openApiDocument(version: string, baseUrl = "/api/v1") {
  return generateOpenApiDocument(appRouter, {
    title: "MemroOS API",
    description:
      "Governed memory for AI agents. Agents authenticate with `Authorization: Bearer mk_…`; operators with a session token.",
    version,
    baseUrl,
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
  });
}

export function createApiServer(opts: ServerOptions): Server {
  const { core } = opts;
  const createContext = async ({
    req,
    res,
  }: {
    req: IncomingMessage | Request;
    res: ServerResponse;
  }): Promise<RequestContext> => {
    const requestId = (res as ServerResponse & { requestId: string }).requestId;
    const credential = await authenticate(core, req).catch((error: unknown) => {
      throw toTrpcError(error);
    });
    return {
      core,
      ...credential,
      csrfHeader: headerOf(req, "x-memro-csrf") === "1",
      requestId,
      log: log.child({ requestId }),
      setCookie: (value) => res.appendHeader("set-cookie", value),
    };
  };
  const rest = createOpenApiHttpHandler({
    router: appRouter,
    createContext,
    maxBodySize: opts.maxBodyBytes,
    responseMeta: retryAfter,
  });
  let openapi: unknown;

  return createServer(async (req, res) => {
    const started = performance.now();
    const requestId =
      (typeof req.headers["x-request-id"] === "string" && req.headers["x-request-id"].slice(0, 64)) ||
      randomUUID();
    Object.assign(res, { requestId });
    res.setHeader("x-request-id", requestId);
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routeName(url.pathname);
    res.on("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      observeRequest(route, res.statusCode, seconds);
      log.info("request", {
        requestId,
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
      });
    });
    try {
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > opts.maxBodyBytes) {
        return sendJson(res, 413, {
          error: { code: "PAYLOAD_TOO_LARGE", message: `body over ${opts.maxBodyBytes} bytes` },
        });
      }
      if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok", version: opts.version });
      if (url.pathname === "/readyz") return await ready(core, res);
      if (url.pathname === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        return res.end(
          renderMetrics({
            memro_up: 1,
            memro_vector_mode_pgvector: core.vectors.mode === "pgvector" ? 1 : 0,
          }),
        );
      }
      if (url.pathname === "/api/openapi.json") {
        openapi ??= openApiDocument(opts.version);
        return sendJson(res, 200, openapi);
      }
      if (url.pathname.startsWith("/trpc/")) {
        return await nodeHTTPRequestHandler({
          req,
          res,
          path: url.pathname.slice("/trpc/".length),
          router: appRouter,
          createContext,
          maxBodySize: opts.maxBodyBytes,
          responseMeta: retryAfter,
        });
      }
      if (url.pathname.startsWith("/api/v1/")) {
        req.url = (req.url ?? "").slice("/api/v1".length);
        if (req.method !== "GET" && req.method !== "HEAD") {
          // Parsed here so malformed JSON is a clear 400 (the adapter would answer 500).
          const empty = Number(req.headers["content-length"] ?? -1) === 0;
          Object.assign(req, { body: empty ? {} : await readJsonBody(req, opts.maxBodyBytes) });
        }
        return await rest(req, res);
      }
      for (const extra of opts.extraRoutes ?? []) if (await extra(req, res, log.child({ requestId }))) return;
      sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no route ${url.pathname}` } });
    } catch (error) {
      if (res.headersSent) return res.end();
      const down = databaseUnavailable(error);
      if (down) {
        return sendJson(
          res,
          503,
          { message: down.message, code: down.code, error: { code: down.code, message: down.message } },
          { "retry-after": "2" },
        );
      }
      if (error instanceof MemroError) {
        return sendJson(res, error.status, {
          message: error.message,
          code: error.code,
          error: { code: error.code, message: error.message },
        });
      }
      log.error("unhandled", { requestId, error: String(error) });
      sendJson(res, 500, { error: { code: "INTERNAL", message: "internal error" } });
    }
  });
}

/** A rate-limited call (core's RATE_LIMITED) tells the client when to retry, on tRPC and REST alike. */
function retryAfter({ errors }: { errors: { cause?: unknown }[] }): { headers?: Record<string, string> } {
  for (const error of errors) {
    const seconds = error.cause instanceof MemroError ? error.cause.details?.retryAfterSeconds : undefined;
    if (typeof seconds === "number")
      return { headers: { "retry-after": String(Math.max(1, Math.ceil(seconds))) } };
  }
  return {};
}

async function ready(core: Core, res: ServerResponse) {
  try {
    await core.memro.db.execute(sql`select 1`);
    sendJson(res, 200, { status: "ready", database: core.memro.kind, vectors: core.vectors.mode });
  } catch {
    sendJson(res, 503, { status: "unavailable" }, { "retry-after": "2" });
  }
}

function routeName(path: string): string {
  if (path.startsWith("/trpc/")) return `trpc:${path.slice(6).split(",")[0]}`;
  if (path.startsWith("/api/v1/")) return `rest:${path.slice(8).split("/")[0]}`;
  return path;
}
