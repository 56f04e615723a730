export * from "./create-db.js";
export * from "./errors.js";
export * from "./schema/index.js";
export type { VectorMode } from "./vector-support.js";
