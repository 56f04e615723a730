"use client";
import { type FormEvent, type ReactNode, useState } from "react";

export interface DateRange {
  from: string;
  to: string;
}

type Setter<T> = <K extends keyof T>(key: K, value: T[K]) => void;

/**
 * A filter bar: fields edited locally and applied on submit (so each keystroke does not hit
 * the server), then a From/To date range, Apply and Reset (back to `empty`, applied at once).
 */
export function FilterForm<T extends DateRange>({
  label,
  empty,
  onApply,
  children,
}: {
  label: string;
  empty: T;
  onApply(values: T): void;
  children(values: T, set: Setter<T>): ReactNode;
}) {
  const [v, setV] = useState<T>(empty);
  const set: Setter<T> = (key, value) => setV((old) => ({ ...old, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(v);
  };
  const reset = () => {
    setV(empty);
    onApply(empty);
  };
  return (
    <form className="filters" role="search" aria-label={label} onSubmit={submit}>
      {children(v, set)}
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
