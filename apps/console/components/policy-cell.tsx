"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import type { EffectivePolicy, ReadMode, Tier, WriteMode } from "@/lib/types";

const READS: ReadMode[] = ["none", "own", "shared"];
const WRITES: WriteMode[] = ["deny", "direct", "gated"];

/**
 * One agent × tier cell (or, with agentId null, the namespace default for the tier): read
 * and write modes, saved as soon as a select changes.
 */
export function PolicyCell({
  namespaceId,
  agentId,
  agentName,
  tier,
  policy,
  canEdit,
}: {
  namespaceId: string;
  agentId: string | null;
  agentName: string;
  tier: Tier;
  policy: EffectivePolicy;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.admin.setPolicy.mutationOptions({
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.admin.policyMatrix.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.admin.policies.pathKey() }),
        ]),
    }),
  );
  const set = (change: { read?: ReadMode; write?: WriteMode }) =>
    save.mutate({
      namespaceId,
      agentId,
      tier,
      read: change.read ?? policy.read,
      write: change.write ?? policy.write,
      // Quotas and clearances are kept as they are.
      maxMemories: policy.maxMemories,
      writesPerMinute: policy.writesPerMinute,
      clearances: policy.clearances,
    });
  const state = save.isPending ? "saving" : save.isError ? "error" : save.isSuccess ? "saved" : "";
  return (
    <td className="policy-cell" data-source={policy.source}>
      <label className="field compact">
        <span className="sr-only">
          {agentName} {tier} read
        </span>
        <select
          aria-label={`${agentName} ${tier} read`}
          value={policy.read}
          disabled={!canEdit || save.isPending}
          onChange={(e) => set({ read: e.target.value as ReadMode })}
        >
          {READS.map((r) => (
            <option key={r} value={r}>
              read: {r}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span className="sr-only">
          {agentName} {tier} write
        </span>
        <select
          aria-label={`${agentName} ${tier} write`}
          value={policy.write}
          disabled={!canEdit || save.isPending}
          onChange={(e) => set({ write: e.target.value as WriteMode })}
        >
          {WRITES.map((w) => (
            <option key={w} value={w}>
              write: {w}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small" role="status" aria-label={`${agentName} ${tier} policy state`}>
        {state || policy.source}
      </span>
      {save.isError && (
        <span role="alert" className="error small">
          {save.error.message}
        </span>
      )}
    </td>
  );
}
