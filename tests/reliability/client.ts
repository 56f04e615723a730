/** Minimal REST calls for the reliability suites: real HTTP, JSON in and out. */
export async function call<T = unknown>(
  url: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function must<T = unknown>(...args: Parameters<typeof call>): Promise<T> {
  const r = await call<T>(...args);
  if (r.status >= 300)
    throw new Error(`${args[1]} ${args[2]} → ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/** An admin session, a fresh namespace and `n` agents with keys. */
export async function seedTenant(url: string, admin: { email: string; password: string }, n: number) {
  const session = await must<{ token: string }>(url, "POST", "/auth/sign-in", null, {
    ...admin,
    bearer: true,
  });
  const token = session.token;
  const ns = await must<{ id: string }>(url, "POST", "/namespaces", token, {
    slug: `rel-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  });
  const agents: { id: string; key: string }[] = [];
  for (let i = 0; i < n; i++) {
    const agent = await must<{ id: string }>(url, "POST", "/agents", token, {
      namespaceId: ns.id,
      name: `agent-${i}`,
    });
    const { key } = await must<{ key: string }>(url, "POST", `/agents/${agent.id}/keys`, token, {
      label: "load",
    });
    agents.push({ id: agent.id, key });
  }
  return { token, namespaceId: ns.id, agents };
}
