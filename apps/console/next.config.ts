import type { NextConfig } from "next";

const dev = process.env.NODE_ENV !== "production";

/**
 * Content-Security-Policy for a console that loads nothing from other origins: every
 * script, style, image, font and request (tRPC at /trpc, REST at /api/v1, server-sent
 * events at /events) is same-origin, proxied to the API by route handlers.
 *
 * - script-src 'unsafe-inline': the App Router streams the React Server Components payload
 *   and its bootstrap as inline <script> tags (`self.__next_f.push(...)`). Without
 *   'unsafe-inline' those need a per-request nonce, which means generating one in a
 *   proxy/middleware and rendering every page dynamically (no static /sign-in). The console
 *   renders no user-controlled HTML (React escapes everything, no dangerouslySetInnerHTML),
 *   so the residual XSS surface this leaves is small; the rest of the policy still blocks
 *   other origins, plugins, framing, <base> hijacking and cross-origin form posts.
 * - style-src 'unsafe-inline': React Flow, Recharts and React's `style` props set inline
 *   styles; Next injects <style> tags.
 * - 'unsafe-eval' only under `next dev` (React Refresh); never in a production build.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  // Nothing in the console needs these browser features (clipboard-write, used by "Copy key", stays allowed).
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/**
 * No rewrites: the API origin is read at request time by the route-handler proxies
 * (app/trpc, app/api/v1, app/events), so one build serves any API address.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default config;
