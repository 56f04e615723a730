"use client";
import { type FormEvent, useState } from "react";
import { type Agent, MEMORY_STATUSES, type MemoryStatus } from "@/lib/types";

export interface MemoryFilterValues {
  query: string;
  agentId: string;
  subject: string;
  status: MemoryStatus | "";
  from: string;
  to: string;
}

export const EMPTY_FILTERS: MemoryFilterValues = {
  query: "",
  agentId: "",
  subject: "",
  status: "",
  from: "",
  to: "",
};

/** Edited locally; applied on submit so each keystroke does not hit the server. */
export function MemoryFilters({
  agents,
  onApply,
}: {
  agents: Agent[];
  onApply(values: MemoryFilterValues): void;
}) {
  const [v, setV] = useState<MemoryFilterValues>(EMPTY_FILTERS);
  const set = <K extends keyof MemoryFilterValues>(key: K, value: MemoryFilterValues[K]) =>
    setV((old) => ({ ...old, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(v);
  };
  const reset = () => {
    setV(EMPTY_FILTERS);
    onApply(EMPTY_FILTERS);
  };
  return (
    <form className="filters" role="search" aria-label="Filter memories" onSubmit={submit}>
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
      <label className="field">
        <span>From</span>
        <input type="date" value={v.from} onChange={(e) => set("from", e.target.value)} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" value={v.to} onChange={(e) => set("to", e.target.value)} />
      </label>
      <div className="field-actions">
        <button type="submit" className="btn primary">
          Apply
        </button>
        <button type="button" className="btn ghost" onClick={reset}>
          Reset
        </button>
      </div>
    </form>
  );
}
