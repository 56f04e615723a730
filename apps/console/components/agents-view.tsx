"use client";
import { useAgents } from "@/lib/use-agents";
import { AgentCard } from "./agent-card";
import { CreateAgentForm } from "./create-agent-form";
import { ErrorLine } from "./error-line";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";
import { PolicyMatrix } from "./policy-matrix";
import { useSession } from "./session-context";

export function AgentsView() {
  const { namespaceId } = useNamespace();
  const { canAdmin } = useSession();
  const { agents, query } = useAgents();
  return (
    <>
      <PageHeader title="Agents" />
      {canAdmin && namespaceId && <CreateAgentForm namespaceId={namespaceId} />}
      <ErrorLine error={query.error} />
      {query.isSuccess && agents.length === 0 && <p className="muted">No agents in this namespace yet.</p>}
      <div className="stack">
        {agents.map((a) => (
          <AgentCard key={a.id} agent={a} canAdmin={canAdmin} />
        ))}
      </div>
      {namespaceId && <PolicyMatrix namespaceId={namespaceId} agents={agents} canEdit={canAdmin} />}
    </>
  );
}
