"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { type MemoryPage, ROW_TIERS, type RowTier } from "@/lib/types";
import { useAgents } from "@/lib/use-agents";
import { ErrorLine } from "./error-line";
import { EMPTY_FILTERS, MemoryFilters, type MemoryFilterValues } from "./memory-filters";
import { MemoryTable } from "./memory-table";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";
import { TierTabs } from "./tier-tabs";

const PAGE_SIZE = 25;

function toInput(tier: RowTier, f: MemoryFilterValues) {
  return {
    tiers: [tier],
    limit: PAGE_SIZE,
    ...(f.query.trim() ? { query: f.query.trim() } : {}),
    ...(f.agentId ? { agentId: f.agentId } : {}),
    ...(f.subject.trim() ? { subject: f.subject.trim() } : {}),
    ...(f.status ? { status: [f.status] } : {}),
    ...(f.from ? { from: new Date(`${f.from}T00:00:00Z`) } : {}),
    ...(f.to ? { to: new Date(`${f.to}T23:59:59.999Z`) } : {}),
  };
}

export function MemoriesView({ initialTier }: { initialTier?: string }) {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const { agents, nameOf } = useAgents();
  const [tier, setTier] = useState<RowTier>(ROW_TIERS.find((t) => t === initialTier) ?? "vector");
  const [filters, setFilters] = useState<MemoryFilterValues>(EMPTY_FILTERS);
  // Cursors of the pages before the current one; the last entry is the current page's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const q = useQuery({
    ...trpc.memories.list.queryOptions({
      namespaceId: namespaceId ?? undefined,
      ...toInput(tier, filters),
      ...(cursor ? { cursor } : {}),
    }),
    enabled: Boolean(namespaceId),
    placeholderData: keepPreviousData,
  });
  const page = q.data as MemoryPage | undefined;
  const rows = useMemo(
    () => (page?.items ?? []).map((m) => ({ ...m, agentName: nameOf(m.authorAgentId) })),
    [page, nameOf],
  );
  const changeTier = (t: RowTier) => {
    setTier(t);
    setCursors([undefined]);
  };
  const apply = (f: MemoryFilterValues) => {
    setFilters(f);
    setCursors([undefined]);
  };
  return (
    <>
      <PageHeader title="Memories" />
      <TierTabs tier={tier} onChange={changeTier} />
      <MemoryFilters agents={agents} onApply={apply} />
      <ErrorLine error={q.error} />
      <MemoryTable rows={rows} caption={`${tier} memories, newest first`} />
      <div className="pager">
        <button
          type="button"
          className="btn"
          disabled={cursors.length < 2}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous page
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="btn"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor ?? undefined])}
        >
          Next page
        </button>
      </div>
    </>
  );
}
