export { type Env, loadEnv } from "./env.js";
export { createApiServer, openApiDocument } from "./http/server.js";
export { type RunningApi, startApi } from "./start.js";
export type { AppRouter } from "./trpc/root.js";
export { appRouter } from "./trpc/root.js";
