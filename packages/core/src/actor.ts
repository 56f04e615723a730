/** Who acts. It always comes from a credential (API key, session) or the system itself, never a request body. */
export type Actor =
  | { type: "agent"; agentId: string; namespaceId: string; keyId?: string }
  | { type: "operator"; operatorId: string; role: OperatorRole }
  | { type: "system"; reason: string };

export type OperatorRole = "viewer" | "approver" | "admin";

export const actorId = (actor: Actor): string =>
  actor.type === "agent" ? actor.agentId : actor.type === "operator" ? actor.operatorId : "system";

export const systemActor = (reason: string): Actor => ({ type: "system", reason });
