"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { shortId } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Checkpoint, RollbackPreview } from "@/lib/types";
import { ErrorLine } from "./error-line";

/** Preview (dry run) of undoing a run, then the rollback itself for approvers. */
export function RollbackPanel({
  runId,
  checkpoints,
  canRollback,
}: {
  runId: string;
  checkpoints: Checkpoint[];
  canRollback: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [after, setAfter] = useState("");
  const [reason, setReason] = useState("");
  const [force, setForce] = useState(false);
  const preview = useQuery(
    trpc.runs.previewRollback.queryOptions({ runId, ...(after ? { afterCheckpointId: after } : {}) }),
  );
  const rollback = useMutation(
    trpc.runs.rollback.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const p = preview.data as RollbackPreview | undefined;
  const result = rollback.data as RollbackPreview | undefined;
  return (
    <section className="card" aria-labelledby="rollback-title">
      <h2 id="rollback-title">Rollback</h2>
      <label className="field inline">
        <span>Undo from</span>
        <select value={after} onChange={(e) => setAfter(e.target.value)}>
          <option value="">the start of the run</option>
          {checkpoints.map((c) => (
            <option key={c.id} value={c.id}>
              after checkpoint {c.label}
            </option>
          ))}
        </select>
      </label>
      <ErrorLine error={preview.error} />
      {p && (
        <>
          <p>
            {p.alreadyRolledBack ? "Already rolled back. " : ""}
            {p.effects.length} effects to undo, {p.conflicts.length} conflicts, {p.skipped.length} skipped,{" "}
            {p.alreadyReverted} already reverted.
          </p>
          <table className="table compact">
            <caption>Effects to undo (newest first)</caption>
            <thead>
              <tr>
                <th scope="col">Seq</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {p.effects.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.targetType} {shortId(e.targetId)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.conflicts.length > 0 && (
            <ul aria-label="Conflicts" className="error">
              {p.conflicts.map((c) => (
                <li key={`${c.seq}-${c.laterSeq}`}>
                  seq {c.seq} ({c.action} on {shortId(c.targetId)}) was changed later at seq {c.laterSeq} by{" "}
                  {c.laterActorType} {shortId(c.laterActorId)} ({c.laterAction})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {canRollback && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            rollback.mutate({
              runId,
              reason: reason.trim(),
              force,
              ...(after ? { afterCheckpointId: after } : {}),
            });
          }}
        >
          <label className="field grow">
            <span>Reason for rollback</span>
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>Force over conflicts</span>
          </label>
          <button type="submit" className="btn danger" disabled={!reason.trim() || rollback.isPending}>
            Roll back run
          </button>
        </form>
      )}
      {result && (
        <p role="status" className="ok">
          Rolled back: {result.events ?? 0} events written.
        </p>
      )}
      <ErrorLine error={rollback.error} />
    </section>
  );
}
