import { apiOrigin } from "./api-origin";

/** Request headers the API needs; nothing else (no host, no hop-by-hop headers) is passed on. */
const FORWARD_REQUEST = [
  "cookie",
  "x-memro-csrf",
  "content-type",
  "authorization",
  "accept",
  "last-event-id",
  "x-request-id",
];
/** Response headers handed back unchanged (set-cookie is copied one by one below). */
const FORWARD_RESPONSE = [
  "content-type",
  "retry-after",
  "x-request-id",
  "cache-control",
  "www-authenticate",
  "content-disposition",
];

/**
 * Forwards the request to the same path on the API: method, body and the headers above
 * go up; status, body and `set-cookie` come back unchanged. `stream` passes the body
 * through as it arrives (server-sent events); otherwise it is buffered.
 */
export async function forward(req: Request, opts: { stream?: boolean } = {}): Promise<Response> {
  const url = new URL(req.url);
  const target = `${apiOrigin()}${url.pathname}${url.search}`;
  const headers = new Headers();
  for (const name of FORWARD_REQUEST) {
    const value = req.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: "manual",
      cache: "no-store",
      signal: opts.stream ? req.signal : undefined,
    });
  } catch {
    return Response.json(
      { error: { code: "UNAVAILABLE", message: "the API is not reachable" } },
      { status: 502 },
    );
  }
  const out = new Headers();
  for (const name of FORWARD_RESPONSE) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
  if (opts.stream) {
    out.set("cache-control", "no-cache, no-transform");
    out.set("x-accel-buffering", "no");
    return new Response(upstream.body, { status: upstream.status, headers: out });
  }
  const body = upstream.status === 204 ? null : await upstream.arrayBuffer();
  return new Response(body, { status: upstream.status, headers: out });
}
