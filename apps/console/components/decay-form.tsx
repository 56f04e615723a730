"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { type DecaySettings, ROW_TIERS, type RowTier } from "@/lib/types";
import { ErrorLine } from "./error-line";

type Draft = Record<RowTier, { halfLifeDays: string; floor: string }>;

function toDraft(s: DecaySettings): Draft {
  const out = {} as Draft;
  for (const t of ROW_TIERS)
    out[t] = {
      halfLifeDays: s[t].halfLifeDays === null ? "" : String(s[t].halfLifeDays),
      floor: String(s[t].floor),
    };
  return out;
}

function fromDraft(d: Draft): DecaySettings {
  const out = {} as DecaySettings;
  for (const t of ROW_TIERS)
    out[t] = {
      halfLifeDays: d[t].halfLifeDays.trim() === "" ? null : Number(d[t].halfLifeDays),
      floor: Number(d[t].floor),
    };
  return out;
}

/** Half-life (days; empty = never decays) and archive floor per tier. */
export function DecayForm({ namespaceId, canEdit }: { namespaceId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.admin.decay.queryOptions({ namespaceId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (q.data) setDraft(toDraft(q.data as unknown as DecaySettings));
  }, [q.data]);
  const save = useMutation(
    trpc.admin.setDecay.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.decay.pathKey() }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate({ namespaceId, decay: fromDraft(draft) });
  };
  const set = (tier: RowTier, key: "halfLifeDays" | "floor", value: string) =>
    setDraft((d) => (d ? { ...d, [tier]: { ...d[tier], [key]: value } } : d));
  return (
    <section aria-labelledby="decay-title">
      <h2 id="decay-title">Decay per tier</h2>
      <ErrorLine error={q.error} />
      {draft && (
        <form onSubmit={submit} className="card">
          <table className="table">
            <caption>Decay settings</caption>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Half-life (days, empty = never)</th>
                <th scope="col">Archive floor (0–1)</th>
              </tr>
            </thead>
            <tbody>
              {ROW_TIERS.map((t) => (
                <tr key={t}>
                  <th scope="row">{t}</th>
                  <td>
                    <input
                      aria-label={`${t} half-life in days`}
                      type="number"
                      min="0"
                      step="any"
                      value={draft[t].halfLifeDays}
                      disabled={!canEdit}
                      onChange={(e) => set(t, "halfLifeDays", e.target.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${t} archive floor`}
                      type="number"
                      min="0"
                      max="1"
                      step="0.01"
                      value={draft[t].floor}
                      disabled={!canEdit}
                      onChange={(e) => set(t, "floor", e.target.value)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {canEdit && (
            <button type="submit" className="btn primary" disabled={save.isPending}>
              Save decay settings
            </button>
          )}
          {save.isSuccess && (
            <span role="status" className="ok">
              Saved
            </span>
          )}
          <ErrorLine error={save.error} />
        </form>
      )}
    </section>
  );
}
