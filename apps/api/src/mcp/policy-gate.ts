import { MEMORY_ROW_TIERS } from "@memro/core";
import type { Policies } from "./types.js";

/** What the key's policies let it do at all; a tool nobody could use successfully is not listed. */
export const canReadMemories = (p: Policies) => MEMORY_ROW_TIERS.some((t) => p[t]?.read !== "none");
export const canWriteMemories = (p: Policies) => MEMORY_ROW_TIERS.some((t) => p[t]?.write !== "deny");
export const canReadGraph = (p: Policies) => p.graph?.read !== "none";
export const canWriteGraph = (p: Policies) => p.graph?.write !== "deny";
/** Runs record work (steps, checkpoints, outcomes): offered to agents that may write something. */
export const canWriteAnything = (p: Policies) => canWriteMemories(p) || canWriteGraph(p);
