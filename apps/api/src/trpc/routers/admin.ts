import {
  createAgent,
  createAgentInput,
  createApiKey,
  createNamespace,
  createNamespaceInput,
  createOperator,
  createOperatorInput,
  decaySettings,
  decaySettingsSchema,
  listAgents,
  listNamespaces,
  listOperators,
  listPolicies,
  policyMatrix,
  revokeApiKey,
  setDecaySettings,
  setOperatorRole,
  setPolicy,
  setPolicyInput,
  sweepDecay,
} from "@memro/core";
import { z } from "zod";
import { operatorProcedure, router } from "../init.js";

const out = z.unknown();
const tags = ["admin"];
const namespaceId = z.uuid();

export const adminRouter = router({
  namespaces: operatorProcedure("viewer")
    .meta({ openapi: { method: "GET", path: "/namespaces", tags, summary: "Namespaces" } })
    .input(z.object({}))
    .output(out)
    .query(({ ctx }) => listNamespaces(ctx.core, ctx.actor)),
  createNamespace: operatorProcedure("admin")
    .meta({ openapi: { method: "POST", path: "/namespaces", tags, summary: "Create a namespace" } })
    .input(createNamespaceInput)
    .output(out)
    .mutation(({ ctx, input }) => createNamespace(ctx.core, ctx.actor, input)),

  agents: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "GET",
        path: "/agents",
        tags,
        summary: "Agents of a namespace with their keys (prefixes only)",
      },
    })
    .input(z.object({ namespaceId }))
    .output(out)
    .query(({ ctx, input }) => listAgents(ctx.core, ctx.actor, input.namespaceId)),
  createAgent: operatorProcedure("admin")
    .meta({ openapi: { method: "POST", path: "/agents", tags, summary: "Create an agent" } })
    .input(createAgentInput)
    .output(out)
    .mutation(({ ctx, input }) => createAgent(ctx.core, ctx.actor, input)),
  createKey: operatorProcedure("admin")
    .meta({
      openapi: {
        method: "POST",
        path: "/agents/{agentId}/keys",
        tags,
        summary: "Create an API key; shown once",
      },
    })
    .input(z.object({ agentId: z.uuid(), label: z.string().max(100).default("") }))
    .output(out)
    .mutation(({ ctx, input }) => createApiKey(ctx.core, ctx.actor, input.agentId, input.label)),
  revokeKey: operatorProcedure("admin")
    .meta({ openapi: { method: "POST", path: "/keys/{keyId}/revoke", tags, summary: "Revoke an API key" } })
    .input(z.object({ keyId: z.uuid() }))
    .output(out)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.core, ctx.actor, input.keyId)),

  policyMatrix: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "POST",
        path: "/policies/matrix",
        tags,
        summary: "Effective policy per agent and tier",
      },
    })
    .input(z.object({ namespaceId, agentIds: z.array(z.uuid()).max(500) }))
    .output(out)
    .query(({ ctx, input }) => policyMatrix(ctx.core, ctx.actor, input.namespaceId, input.agentIds)),
  policies: operatorProcedure("viewer")
    .meta({
      openapi: {
        method: "GET",
        path: "/policies",
        tags,
        summary: "Stored policy rows: namespace defaults and agent overrides",
      },
    })
    .input(z.object({ namespaceId }))
    .output(out)
    .query(({ ctx, input }) => listPolicies(ctx.core, ctx.actor, input.namespaceId)),
  setPolicy: operatorProcedure("admin")
    .meta({
      openapi: {
        method: "PUT",
        path: "/policies",
        tags,
        summary: "Set a policy for an agent (or the namespace default) and tier",
      },
    })
    .input(setPolicyInput)
    .output(out)
    .mutation(({ ctx, input }) => setPolicy(ctx.core, ctx.actor, input)),

  operators: operatorProcedure("viewer")
    .meta({ openapi: { method: "GET", path: "/operators", tags, summary: "Operators and roles" } })
    .input(z.object({}))
    .output(out)
    .query(({ ctx }) => listOperators(ctx.core, ctx.actor)),
  createOperator: operatorProcedure("admin")
    .meta({ openapi: { method: "POST", path: "/operators", tags, summary: "Create an operator" } })
    .input(createOperatorInput)
    .output(out)
    .mutation(({ ctx, input }) => createOperator(ctx.core, ctx.actor, input)),
  setOperatorRole: operatorProcedure("admin")
    .meta({
      openapi: {
        method: "POST",
        path: "/operators/{operatorId}/role",
        tags,
        summary: "Change an operator's role",
      },
    })
    .input(z.object({ operatorId: z.uuid(), role: z.enum(["viewer", "approver", "admin"]) }))
    .output(out)
    .mutation(({ ctx, input }) => setOperatorRole(ctx.core, ctx.actor, input.operatorId, input.role)),

  decay: operatorProcedure("viewer")
    .meta({ openapi: { method: "GET", path: "/settings/decay", tags, summary: "Decay per tier" } })
    .input(z.object({ namespaceId }))
    .output(out)
    .query(({ ctx, input }) => decaySettings(ctx.core.memro.db, input.namespaceId)),
  setDecay: operatorProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/decay", tags, summary: "Set decay per tier" } })
    .input(z.object({ namespaceId, decay: decaySettingsSchema }))
    .output(out)
    .mutation(({ ctx, input }) => setDecaySettings(ctx.core, ctx.actor, input.namespaceId, input.decay)),
  sweepDecay: operatorProcedure("admin")
    .meta({
      openapi: {
        method: "POST",
        path: "/settings/decay/sweep",
        tags,
        summary: "Archive what decayed below the floor (dry run first)",
      },
    })
    .input(z.object({ namespaceId, dryRun: z.boolean().default(true) }))
    .output(out)
    .mutation(({ ctx, input }) => sweepDecay(ctx.core, input.namespaceId, { dryRun: input.dryRun })),
});
