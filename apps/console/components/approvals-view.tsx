"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import type { Checkpoint, Promotion } from "@/lib/types";
import { useAgents } from "@/lib/use-agents";
import { BulkActions } from "./bulk-actions";
import { CheckpointCard } from "./checkpoint-card";
import { ErrorLine } from "./error-line";
import { usePollInterval } from "./live-events";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";
import { PromotionCard } from "./promotion-card";
import { useSession } from "./session-context";

export function ApprovalsView() {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const { canApprove } = useSession();
  const { nameOf } = useAgents();
  const refetchInterval = usePollInterval();
  const enabled = Boolean(namespaceId);
  const promotionsQ = useQuery({
    ...trpc.promotions.list.queryOptions({
      namespaceId: namespaceId ?? undefined,
      status: "pending",
      limit: 200,
    }),
    enabled,
    refetchInterval,
  });
  const checkpointsQ = useQuery({
    ...trpc.runs.checkpoints.queryOptions({
      namespaceId: namespaceId ?? undefined,
      status: "pending",
      limit: 200,
    }),
    enabled,
    refetchInterval,
  });
  const promotions = (promotionsQ.data as Promotion[] | undefined) ?? [];
  const checkpoints = (checkpointsQ.data as Checkpoint[] | undefined) ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const visibleSelected = promotions.filter((p) => selected.has(p.id)).map((p) => p.id);
  const toggle = (id: string, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <>
      <PageHeader title="Approvals" />
      <section aria-labelledby="promotions-title">
        <h2 id="promotions-title">Pending promotions ({promotions.length})</h2>
        <ErrorLine error={promotionsQ.error} />
        {canApprove && promotions.length > 0 && (
          <BulkActions
            ids={visibleSelected}
            allSelected={promotions.length > 0 && visibleSelected.length === promotions.length}
            onSelectAll={(on) => setSelected(on ? new Set(promotions.map((p) => p.id)) : new Set())}
            onDone={() => setSelected(new Set())}
          />
        )}
        {promotions.length === 0 && promotionsQ.isSuccess && (
          <p className="muted">Nothing waits for approval.</p>
        )}
        <div className="stack">
          {promotions.map((p) => (
            <PromotionCard
              key={p.id}
              promotion={p}
              agentName={nameOf(p.proposerAgentId)}
              canDecide={canApprove}
              selected={selected.has(p.id)}
              onSelect={(on) => toggle(p.id, on)}
            />
          ))}
        </div>
      </section>
      <section aria-labelledby="checkpoints-title">
        <h2 id="checkpoints-title">Held checkpoints ({checkpoints.length})</h2>
        <ErrorLine error={checkpointsQ.error} />
        {checkpoints.length === 0 && checkpointsQ.isSuccess && <p className="muted">No run is waiting.</p>}
        <div className="stack">
          {checkpoints.map((c) => (
            <CheckpointCard key={c.id} checkpoint={c} canDecide={canApprove} />
          ))}
        </div>
      </section>
    </>
  );
}
