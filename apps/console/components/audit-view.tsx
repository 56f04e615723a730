"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import type { AuditEvent, AuditPage } from "@/lib/types";
import { AuditEventDetail } from "./audit-event-detail";
import { AuditFilters, type AuditFilterValues, EMPTY_AUDIT_FILTERS } from "./audit-filters";
import { ChainTools } from "./chain-tools";
import { ErrorLine } from "./error-line";
import { EventTable } from "./event-table";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";

const PAGE = 50;

export function AuditView() {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_AUDIT_FILTERS);
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const beforeSeq = pages[pages.length - 1];
  const q = useQuery({
    ...trpc.audit.list.queryOptions({
      namespaceId: namespaceId ?? "",
      withPayload: true,
      limit: PAGE,
      ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
      ...(filters.actorId.trim() ? { actorId: filters.actorId.trim() } : {}),
      ...(filters.targetId.trim() ? { targetId: filters.targetId.trim() } : {}),
      ...(filters.from ? { from: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999Z`) } : {}),
      ...(beforeSeq ? { beforeSeq } : {}),
    }),
    enabled: Boolean(namespaceId),
    placeholderData: keepPreviousData,
  });
  const page = q.data as AuditPage | undefined;
  return (
    <>
      <PageHeader title="Audit">{namespaceId && <ChainTools namespaceId={namespaceId} />}</PageHeader>
      <AuditFilters
        onApply={(f) => {
          setFilters(f);
          setPages([undefined]);
        }}
      />
      <ErrorLine error={q.error} />
      {selected && <AuditEventDetail event={selected} onClose={() => setSelected(null)} />}
      <EventTable
        events={page?.items ?? []}
        caption="Audit events, newest first"
        onSelect={setSelected}
        selectedSeq={selected?.seq}
      />
      <div className="pager">
        <button
          type="button"
          className="btn"
          disabled={pages.length < 2}
          onClick={() => setPages((p) => p.slice(0, -1))}
        >
          Newer events
        </button>
        <button
          type="button"
          className="btn"
          disabled={!page?.nextBeforeSeq}
          onClick={() => page?.nextBeforeSeq && setPages((p) => [...p, page.nextBeforeSeq ?? undefined])}
        >
          Older events
        </button>
      </div>
    </>
  );
}
