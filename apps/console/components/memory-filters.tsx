"use client";
import { type Agent, MEMORY_STATUSES, type MemoryStatus } from "@/lib/types";
import { type DateRange, FilterForm } from "./filter-form";

export interface MemoryFilterValues extends DateRange {
  query: string;
  agentId: string;
  subject: string;
  status: MemoryStatus | "";
}

export const EMPTY_FILTERS: MemoryFilterValues = {
  query: "",
  agentId: "",
  subject: "",
  status: "",
  from: "",
  to: "",
};

export function MemoryFilters({
  agents,
  onApply,
}: {
  agents: Agent[];
  onApply(values: MemoryFilterValues): void;
}) {
  return (
    <FilterForm label="Filter memories" empty={EMPTY_FILTERS} onApply={onApply}>
      {(v, set) => (
        <>
          <label className="field grow">
            <span>Search</span>
            <input
              type="search"
              placeholder="words in the content"
              value={v.query}
              onChange={(e) => set("query", e.target.value)}
            />
          </label>
          <label className="field">
            <span>Agent</span>
            <select value={v.agentId} onChange={(e) => set("agentId", e.target.value)}>
              <option value="">any</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Subject</span>
            <input value={v.subject} onChange={(e) => set("subject", e.target.value)} />
          </label>
          <label className="field">
            <span>Status</span>
            <select value={v.status} onChange={(e) => set("status", e.target.value as MemoryStatus | "")}>
              <option value="">current (active)</option>
              {MEMORY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </FilterForm>
  );
}
