"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { type Agent, type PolicyMatrix as Matrix, TIERS } from "@/lib/types";
import { ErrorLine } from "./error-line";
import { PolicyCell } from "./policy-cell";

export function PolicyMatrix({ namespaceId, agents, canEdit }: { namespaceId: string; agents: Agent[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.admin.policyMatrix.queryOptions({ namespaceId, agentIds: agents.map((a) => a.id) }),
    enabled: agents.length > 0,
  });
  const matrix = q.data as Matrix | undefined;
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Policy matrix</h2>
      <ErrorLine error={q.error} />
      <div className="table-scroll">
      <table className="table matrix">
        <caption>Effective policy per agent and tier (read / write)</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            {TIERS.map((t) => (
              <th key={t} scope="col">
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.name}</th>
              {TIERS.map((t) => {
                const policy = matrix?.[a.id]?.[t];
                return policy ? (
                  <PolicyCell key={t} namespaceId={namespaceId} agentId={a.id} agentName={a.name} tier={t} policy={policy} canEdit={canEdit} />
                ) : (
                  <td key={t} className="muted">
                    …
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
