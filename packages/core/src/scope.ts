import type { Actor } from "./actor.js";
import { badRequest, notFound } from "./errors.js";

/**
 * The namespace a call acts in. An agent is bound to its key's namespace (asking for another
 * one looks like a missing namespace, so it learns nothing); an operator names one.
 */
export function namespaceOf(actor: Actor, requested?: string): string {
  if (actor.type === "agent") {
    if (requested && requested !== actor.namespaceId) throw notFound("namespace");
    return actor.namespaceId;
  }
  if (!requested) throw badRequest("namespaceId is required for operators");
  return requested;
}
