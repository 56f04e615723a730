"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatTime, json, shortId } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Checkpoint } from "@/lib/types";
import { ErrorLine } from "./error-line";

/** A checkpoint holding a run; approvers release or reject it (a rejection needs a note). */
export function CheckpointCard({ checkpoint, canDecide }: { checkpoint: Checkpoint; canDecide: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation(
    trpc.runs.decideCheckpoint.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const pending = checkpoint.status === "pending";
  return (
    <article className="card checkpoint" aria-label={`Checkpoint: ${checkpoint.label}`}>
      <header className="promotion-head">
        <strong>{checkpoint.label}</strong>
        <span className={`status ${checkpoint.status}`}>{checkpoint.status}</span>
        <span className="muted">
          raised by {checkpoint.raisedBy} at seq {checkpoint.raisedSeq} · run{" "}
          <Link href={`/runs/${checkpoint.runId}`}>{shortId(checkpoint.runId)}</Link>
          {checkpoint.decidedAt ? ` · decided ${formatTime(checkpoint.decidedAt)}` : ""}
        </span>
      </header>
      {Object.keys(checkpoint.payload).length > 0 && <pre className="json">{json(checkpoint.payload)}</pre>}
      {checkpoint.note && <p className="muted">Note: {checkpoint.note}</p>}
      {canDecide && pending && (
        <div className="actions">
          <label className="field inline">
            <span>Note</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ checkpointId: checkpoint.id, decision: "approve", note })}
          >
            Release
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={decide.isPending || !note.trim()}
            title={note.trim() ? undefined : "A rejection needs a note"}
            onClick={() => decide.mutate({ checkpointId: checkpoint.id, decision: "reject", note })}
          >
            Reject checkpoint
          </button>
        </div>
      )}
      <ErrorLine error={decide.error} />
    </article>
  );
}
