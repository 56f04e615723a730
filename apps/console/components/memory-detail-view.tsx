"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import type { Lineage } from "@/lib/types";
import { useAgents } from "@/lib/use-agents";
import { ErrorLine } from "./error-line";
import { EventTable } from "./event-table";
import { LineageGraph } from "./lineage-graph";
import { LineageList } from "./lineage-list";
import { MemorySummary } from "./memory-summary";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";
import { VersionHistory } from "./version-history";

export function MemoryDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const { nameOf } = useAgents();
  const q = useQuery({
    ...trpc.memories.lineage.queryOptions({ id, namespaceId: namespaceId ?? undefined }),
    enabled: Boolean(namespaceId),
  });
  const lineage = q.data as Lineage | undefined;
  return (
    <>
      <PageHeader title={lineage ? `Memory ${id.slice(0, 8)} (${lineage.memory.tier})` : "Memory"}>
        <Link href={lineage ? `/memories?tier=${lineage.memory.tier}` : "/memories"} className="btn ghost">
          Back to memories
        </Link>
      </PageHeader>
      <ErrorLine error={q.error} />
      {lineage && (
        <div className="detail">
          <MemorySummary memory={lineage.memory} agentName={nameOf(lineage.memory.authorAgentId)} />
          <LineageGraph lineage={lineage} />
          <LineageList lineage={lineage} nameOf={nameOf} />
          <VersionHistory versions={lineage.versions} currentId={lineage.memory.id} />
          <EventTable events={lineage.events} caption="Audit trail" />
        </div>
      )}
    </>
  );
}
