export { createMemroClient, type MemroClient, type MemroClientOptions } from "./client.js";
export { MemroApiError } from "./errors.js";
export type * from "./types.js";
// `@memro/sdk/mcp` (createMemroMcpClient) and `@memro/sdk/langgraph` (MemroStore) are separate
// entry points, so a browser bundle of the plain client carries neither.
