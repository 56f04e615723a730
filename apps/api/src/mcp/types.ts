import type { Core, EffectivePolicy } from "@memro/core";
import type { z } from "zod";

export type AgentActor = { type: "agent"; agentId: string; namespaceId: string; keyId?: string };
export type Policies = Record<string, EffectivePolicy>;

/** One MCP tool: a schema the core already owns, a policy test for listing it, a thin call. */
export interface ToolDef {
  name: string;
  title: string;
  description: string;
  input: z.ZodType;
  /** read: no side effects; write: adds; destructive: removes or overwrites. */
  kind: "read" | "write" | "destructive";
  /** Listed (and callable) only when the key's effective policies allow it. */
  allowed(policies: Policies): boolean;
  run(core: Core, actor: AgentActor, input: unknown): Promise<unknown>;
}
