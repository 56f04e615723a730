"use client";
import { type DateRange, FilterForm } from "./filter-form";

export interface AuditFilterValues extends DateRange {
  actorId: string;
  action: string;
  targetId: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = {
  actorId: "",
  action: "",
  targetId: "",
  from: "",
  to: "",
};

export function AuditFilters({ onApply }: { onApply(values: AuditFilterValues): void }) {
  return (
    <FilterForm label="Filter audit events" empty={EMPTY_AUDIT_FILTERS} onApply={onApply}>
      {(v, set) => (
        <>
          <label className="field">
            <span>Action</span>
            <input
              placeholder="e.g. memory.create"
              value={v.action}
              onChange={(e) => set("action", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Actor id</span>
            <input value={v.actorId} onChange={(e) => set("actorId", e.target.value)} />
          </label>
          <label className="field">
            <span>Target id</span>
            <input value={v.targetId} onChange={(e) => set("targetId", e.target.value)} />
          </label>
        </>
      )}
    </FilterForm>
  );
}
