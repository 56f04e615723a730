"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Agent } from "@/lib/types";
import { ErrorLine } from "./error-line";
import { KeyDialog } from "./key-dialog";

export function AgentCard({ agent, canAdmin }: { agent: Agent; canAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [newKey, setNewKey] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const createKey = useMutation(
    trpc.admin.createKey.mutationOptions({
      onSuccess: async (data) => {
        setNewKey((data as { key: string }).key);
        setLabel("");
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.admin.revokeKey.mutationOptions({ onSuccess: refresh }));
  return (
    <article className="card" aria-label={`Agent ${agent.name}`}>
      <header className="promotion-head">
        <h3>{agent.name}</h3>
        <span className="muted mono">{agent.id}</span>
      </header>
      {agent.description && <p className="muted">{agent.description}</p>}
      <table className="table compact">
        <caption>API keys of {agent.name}</caption>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            {canAdmin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {agent.keys.length === 0 && (
            <tr>
              <td colSpan={canAdmin ? 6 : 5} className="muted">
                No keys.
              </td>
            </tr>
          )}
          {agent.keys.map((k) => (
            <tr key={k.id}>
              <td className="mono">{k.prefix}…</td>
              <td>{k.label || "—"}</td>
              <td>{formatTime(k.createdAt)}</td>
              <td>{formatTime(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  <span className="status rejected">revoked</span>
                ) : (
                  <span className="status active">active</span>
                )}
              </td>
              {canAdmin && (
                <td>
                  {!k.revokedAt && (
                    <button
                      type="button"
                      className="btn small danger"
                      aria-label={`Revoke key ${k.prefix}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ keyId: k.id })}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canAdmin && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            createKey.mutate({ agentId: agent.id, label: label.trim() });
          }}
        >
          <label className="field inline">
            <span>Key label</span>
            <input value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <button type="submit" className="btn" disabled={createKey.isPending}>
            Create key for {agent.name}
          </button>
        </form>
      )}
      <ErrorLine error={createKey.error ?? revoke.error} />
      {newKey && <KeyDialog agentName={agent.name} apiKey={newKey} onClose={() => setNewKey(null)} />}
    </article>
  );
}
