import { type Actor, type Core, getRun } from "@memro/core";
import type { AuditEvent } from "./fetch-events.js";

type Agent = Extract<Actor, { type: "agent" }>;

/**
 * What an agent may see live: its own actions, and the operators' decisions on checkpoints of
 * its runs. Run ownership is looked up once per run.
 */
export function agentFilter(core: Core, agent: Agent): (event: AuditEvent) => Promise<boolean> {
  const owned = new Map<string, Promise<boolean>>();
  const ownsRun = (runId: string) => {
    let known = owned.get(runId);
    if (!known) {
      known = getRun(core, agent, runId).then(
        () => true,
        () => false,
      );
      owned.set(runId, known);
    }
    return known;
  };
  return async (event) => {
    if (event.namespaceId !== agent.namespaceId) return false;
    if (event.actorType === "agent" && event.actorId === agent.agentId) return true;
    if (/^checkpoint\.(approve|reject)$/.test(event.action) && event.runId) return ownsRun(event.runId);
    return false;
  };
}
