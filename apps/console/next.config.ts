import type { NextConfig } from "next";

/**
 * No rewrites: the API origin is read at request time by the route-handler proxies
 * (app/trpc, app/api/v1, app/events), so one build serves any API address.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
