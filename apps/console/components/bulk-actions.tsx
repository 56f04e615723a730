"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "@/lib/format";
import { useTRPCClient } from "@/lib/trpc";

/** Approve or reject every selected promotion; failures are listed, the rest go through. */
export function BulkActions({
  ids,
  allSelected,
  onSelectAll,
  onDone,
}: {
  ids: string[];
  allSelected: boolean;
  onSelectAll(checked: boolean): void;
  onDone(): void;
}) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);
  const run = async (kind: "approve" | "reject") => {
    setBusy(true);
    setFailures([]);
    const failed: string[] = [];
    for (const id of ids) {
      try {
        if (kind === "approve") await client.promotions.approve.mutate({ id });
        else await client.promotions.reject.mutate({ id, reason: reason.trim() });
      } catch (e) {
        failed.push(`${id.slice(0, 8)}: ${errorMessage(e)}`);
      }
    }
    setFailures(failed);
    setBusy(false);
    setReason("");
    onDone();
    await queryClient.invalidateQueries();
  };
  return (
    <div className="bulk card" role="group" aria-label="Bulk actions">
      <label className="check">
        <input type="checkbox" checked={allSelected} onChange={(e) => onSelectAll(e.target.checked)} />
        <span>Select all</span>
      </label>
      <button
        type="button"
        className="btn primary"
        disabled={!ids.length || busy}
        onClick={() => run("approve")}
      >
        Approve selected ({ids.length})
      </button>
      <label className="field inline">
        <span>Reason for rejecting selected</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button
        type="button"
        className="btn danger"
        disabled={!ids.length || !reason.trim() || busy}
        onClick={() => run("reject")}
      >
        Reject selected ({ids.length})
      </button>
      {failures.length > 0 && (
        <ul role="alert" className="error">
          {failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
