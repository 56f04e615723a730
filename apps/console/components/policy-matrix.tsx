"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import {
  type Agent,
  builtInPolicy,
  type EffectivePolicy,
  type PolicyMatrix as Matrix,
  type PolicyRow,
  TIERS,
  type Tier,
} from "@/lib/types";
import { ErrorLine } from "./error-line";
import { PolicyCell } from "./policy-cell";

export function PolicyMatrix({
  namespaceId,
  agents,
  canEdit,
}: {
  namespaceId: string;
  agents: Agent[];
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.admin.policyMatrix.queryOptions({ namespaceId, agentIds: agents.map((a) => a.id) }),
    enabled: agents.length > 0,
  });
  const matrix = q.data as Matrix | undefined;
  const stored = useQuery(trpc.admin.policies.queryOptions({ namespaceId }));
  const rows = stored.data as PolicyRow[] | undefined;
  /** The namespace default per tier: its stored row, else the built-in policy it falls back to. */
  const defaultOf = (tier: Tier): EffectivePolicy | undefined => {
    if (!rows) return undefined;
    const row = rows.find((r) => r.agentId === null && r.tier === tier);
    return row
      ? {
          tier,
          read: row.read,
          write: row.write,
          maxMemories: row.maxMemories,
          writesPerMinute: row.writesPerMinute,
          clearances: row.clearances,
          source: "namespace-default",
        }
      : builtInPolicy(tier);
  };
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Policy matrix</h2>
      <ErrorLine error={q.error ?? stored.error} />
      <div className="table-scroll">
        <table className="table matrix">
          <caption>
            Effective policy per agent and tier (read / write); the namespace default applies to agents
            without a row of their own
          </caption>
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
            <tr className="policy-default">
              <th scope="row">Namespace default</th>
              {TIERS.map((t) => {
                const policy = defaultOf(t);
                return policy ? (
                  <PolicyCell
                    key={t}
                    namespaceId={namespaceId}
                    agentId={null}
                    agentName="Namespace default"
                    tier={t}
                    policy={policy}
                    canEdit={canEdit}
                  />
                ) : (
                  <td key={t} className="muted">
                    …
                  </td>
                );
              })}
            </tr>
            {agents.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                {TIERS.map((t) => {
                  const policy = matrix?.[a.id]?.[t];
                  return policy ? (
                    <PolicyCell
                      key={t}
                      namespaceId={namespaceId}
                      agentId={a.id}
                      agentName={a.name}
                      tier={t}
                      policy={policy}
                      canEdit={canEdit}
                    />
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
