"use client";
import { type FormEvent, useState } from "react";

export interface AuditFilterValues {
  actorId: string;
  action: string;
  targetId: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = {
  actorId: "",
  action: "",
  targetId: "",
  from: "",
  to: "",
};

export function AuditFilters({ onApply }: { onApply(values: AuditFilterValues): void }) {
  const [v, setV] = useState(EMPTY_AUDIT_FILTERS);
  const set = (key: keyof AuditFilterValues, value: string) => setV((old) => ({ ...old, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(v);
  };
  return (
    <form className="filters" role="search" aria-label="Filter audit events" onSubmit={submit}>
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
        <button
          type="button"
          className="btn ghost"
          onClick={() => {
            setV(EMPTY_AUDIT_FILTERS);
            onApply(EMPTY_AUDIT_FILTERS);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
