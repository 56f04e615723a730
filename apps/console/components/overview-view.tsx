"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { type Overview, TIERS } from "@/lib/types";
import { AlertsTable } from "./alerts-table";
import { ErrorLine } from "./error-line";
import { usePollInterval } from "./live-events";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";
import { StatCard } from "./stat-card";
import { WritesChart } from "./writes-chart";

const MINUTES = 30;

export function OverviewView() {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const refetchInterval = usePollInterval();
  const q = useQuery({
    ...trpc.overview.get.queryOptions({ namespaceId: namespaceId ?? "", minutes: MINUTES }),
    enabled: Boolean(namespaceId),
    refetchInterval,
  });
  const o = q.data as Overview | undefined;
  return (
    <>
      <PageHeader title="Overview" />
      <ErrorLine error={q.error} />
      {o && (
        <>
          <div className="grid cards" role="group" aria-label="Memories per tier">
            {TIERS.map((tier) => (
              <StatCard
                key={tier}
                label={`${tier} memories`}
                value={o.tiers[tier] ?? 0}
                href={tier === "graph" ? "/graph" : `/memories?tier=${tier}`}
              />
            ))}
          </div>
          <div className="grid cards">
            <StatCard
              label="Pending promotions"
              value={o.pendingPromotions}
              href="/approvals"
              tone={o.pendingPromotions ? "warn" : undefined}
            />
            <StatCard
              label="Held checkpoints"
              value={o.heldCheckpoints}
              href="/approvals"
              tone={o.heldCheckpoints ? "warn" : undefined}
            />
            <StatCard label="Active runs" value={o.activeRuns} href="/runs" />
            <StatCard label="Chain head seq" value={o.chain.headSeq} href="/audit" />
          </div>
          <WritesChart rows={o.writesPerMinute} minutes={MINUTES} />
          <AlertsTable alerts={o.alerts} />
        </>
      )}
      {!o && !q.error && <p className="muted">Loading…</p>}
    </>
  );
}
