import { randomUUID } from "node:crypto";
import { ADMIN_EMAIL, ADMIN_PASSWORD, API_URL } from "./env";

/** Seeds over real HTTP: the API's REST surface (/api/v1), as agents and scripts use it. */
export interface RestResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function rest<T = Record<string, unknown>>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<RestResult<T>> {
  const res = await fetch(`${API_URL}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Like `rest`, but a non-2xx answer throws with the body in the message. */
export async function ok<T = Record<string, unknown>>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const r = await rest<T>(method, path, token, body);
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function signInBearer(email: string, password: string): Promise<string> {
  const body = await ok<{ token: string }>("POST", "/auth/sign-in", null, { email, password, bearer: true });
  return body.token;
}

let adminToken: Promise<string> | null = null;
export function admin(): Promise<string> {
  adminToken ??= signInBearer(ADMIN_EMAIL, ADMIN_PASSWORD);
  return adminToken;
}

export interface SeededAgent {
  id: string;
  name: string;
  key: string;
}

export interface Tenant {
  namespaceId: string;
  slug: string;
  agent: SeededAgent;
}

export const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createAgent(namespaceId: string, name: string): Promise<SeededAgent> {
  const token = await admin();
  const agent = await ok<{ id: string }>("POST", "/agents", token, { namespaceId, name });
  const key = await ok<{ key: string }>("POST", `/agents/${agent.id}/keys`, token, { label: "e2e" });
  return { id: agent.id, name, key: key.key };
}

/** A fresh namespace with one agent holding a key: every test gets its own. */
export async function seedTenant(prefix = "e2e"): Promise<Tenant> {
  const token = await admin();
  const slug = uniq(prefix);
  const ns = await ok<{ id: string }>("POST", "/namespaces", token, { slug });
  const agent = await createAgent(ns.id, uniq("agent"));
  return { namespaceId: ns.id, slug, agent };
}

export type WriteResult =
  | { status: "created"; memory: { id: string } }
  | { status: "pending"; promotionId: string };

/** An agent writes one memory; the policy decides (created, pending, or 403). */
export function agentWrite(key: string, memory: Record<string, unknown>) {
  return rest<WriteResult & { message?: string; code?: string }>("POST", "/memories", key, { memory });
}

export async function write(key: string, memory: Record<string, unknown>): Promise<WriteResult> {
  return ok<WriteResult>("POST", "/memories", key, { memory });
}

export async function setPolicy(
  namespaceId: string,
  agentId: string | null,
  tier: string,
  read: string,
  write: string,
) {
  return ok("PUT", "/policies", await admin(), { namespaceId, agentId, tier, read, write });
}

export async function createOperator(role: "viewer" | "approver" | "admin") {
  const email = `${uniq(role)}@example.com`;
  const password = `pw-${randomUUID()}`;
  await ok("POST", "/operators", await admin(), { email, password, role });
  return { email, password };
}
