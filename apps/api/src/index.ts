export type { AppRouter } from "./trpc/root.js";
export { appRouter } from "./trpc/root.js";
export { createApiServer, openApiDocument } from "./http/server.js";
export { startApi, type RunningApi } from "./start.js";
export { loadEnv, type Env } from "./env.js";
