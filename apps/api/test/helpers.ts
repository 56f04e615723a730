import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDb } from "@memro/db/testing";
import superjson from "superjson";
import { loadEnv } from "../src/env.js";
import { type RunningApi, startApi } from "../src/start.js";

export interface TestApi {
  api: RunningApi;
  url: string;
  /** Bearer token of the bootstrapped admin operator. */
  adminToken: string;
  dispose(): Promise<void>;
}

const ADMIN = { email: "admin@test.local", password: "correct horse battery staple" };

/** The real api in-process on a free port, over PGlite or a fresh PostgreSQL database. */
export async function startTestApi(extraEnv: Record<string, string> = {}): Promise<TestApi> {
  const db = await openTestDb();
  const env = loadEnv({
    MEMRO_LOG_LEVEL: "silent",
    MEMRO_EMBEDDING_WORKERS: "1",
    MEMRO_DATA_DIR: mkdtempSync(join(tmpdir(), "memro-api-")),
    MEMRO_ADMIN_EMAIL: ADMIN.email,
    MEMRO_ADMIN_PASSWORD: ADMIN.password,
    ...extraEnv,
  });
  const api = await startApi(env, { port: 0, db });
  const signIn = await rest(api.url, "POST", "/auth/sign-in", { body: { ...ADMIN, bearer: true } });
  const adminToken = (signIn.body as { token: string }).token;
  return {
    api,
    url: api.url,
    adminToken,
    async dispose() {
      await api.close();
      await db.dispose().catch(() => {});
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A REST call to /api/v1. */
export async function rest(
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** A raw tRPC call (superjson), as a client would make it, with the error envelope kept. */
export async function trpc(
  url: string,
  type: "query" | "mutation",
  path: string,
  input: unknown,
  token?: string,
): Promise<HttpResult & { data?: unknown; error?: { message: string; data: Record<string, unknown> } }> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const payload = JSON.stringify(superjson.serialize(input));
  const res =
    type === "query"
      ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(payload)}`, { headers: auth })
      : await fetch(`${url}/trpc/${path}`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: payload,
        });
  const body = (await res.json()) as {
    result?: { data: { json: unknown; meta?: unknown } };
    error?: { json: unknown };
  };
  if (body.result) {
    return {
      status: res.status,
      headers: res.headers,
      body,
      data: superjson.deserialize(body.result.data as never),
    };
  }
  const error = body.error
    ? (superjson.deserialize(body.error as never) as { message: string; data: Record<string, unknown> })
    : undefined;
  return { status: res.status, headers: res.headers, body, error };
}

let counter = 0;
export interface Tenant {
  namespaceId: string;
  agents: Record<string, { id: string; key: string }>;
}

/** A fresh namespace with agents and their keys, made through the REST API as the admin. */
export async function tenant(t: TestApi, names: string[] = ["alpha"]): Promise<Tenant> {
  const ns = await rest(t.url, "POST", "/namespaces", {
    token: t.adminToken,
    body: { slug: `t${Date.now().toString(36)}-${counter++}` },
  });
  const namespaceId = (ns.body as { id: string }).id;
  const agents: Tenant["agents"] = {};
  for (const name of names) {
    const agent = await rest(t.url, "POST", "/agents", { token: t.adminToken, body: { namespaceId, name } });
    const id = (agent.body as { id: string }).id;
    const key = await rest(t.url, "POST", `/agents/${id}/keys`, { token: t.adminToken, body: {} });
    agents[name] = { id, key: (key.body as { key: string }).key };
  }
  return { namespaceId, agents };
}

/** The namespace's audit events, newest first. */
export async function auditEvents(t: TestApi, namespaceId: string, filter: Record<string, unknown> = {}) {
  const res = await rest(t.url, "POST", "/audit/events", {
    token: t.adminToken,
    body: { namespaceId, ...filter },
  });
  return (
    res.body as {
      items: {
        seq: number;
        action: string;
        actorType: string;
        actorId: string;
        targetId: string;
        targetType: string;
        runId: string | null;
      }[];
    }
  ).items;
}

/** JSON round trip: what a client sees of a value, whatever the transport. */
export const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
