export * from "./audit.js";
export * from "./compliance.js";
export * from "./governance.js";
export * from "./identity.js";
export * from "./memory.js";
export * from "./runs.js";
