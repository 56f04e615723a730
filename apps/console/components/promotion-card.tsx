"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime, shortId, truncate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Promotion } from "@/lib/types";
import { ErrorLine } from "./error-line";

export function promotionContent(p: Promotion): string {
  return typeof p.proposed.content === "string" ? p.proposed.content : JSON.stringify(p.proposed);
}

export function PromotionCard({
  promotion,
  agentName,
  canDecide,
  selected,
  onSelect,
}: {
  promotion: Promotion;
  agentName: string;
  canDecide: boolean;
  selected: boolean;
  onSelect(checked: boolean): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const original = promotionContent(promotion);
  const [content, setContent] = useState(original);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const done = () => queryClient.invalidateQueries();
  const approve = useMutation(trpc.promotions.approve.mutationOptions({ onSuccess: done }));
  const reject = useMutation(trpc.promotions.reject.mutationOptions({ onSuccess: done }));
  const editable = typeof promotion.proposed.content === "string";
  const title = truncate(original, 80);
  return (
    <article className="card promotion" aria-label={`Promotion: ${title}`}>
      <header className="promotion-head">
        {canDecide && (
          <label className="check">
            <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
            <span className="sr-only">Select promotion {title}</span>
          </label>
        )}
        <span className="badge">{promotion.targetTier}</span>
        <span className="muted">
          {promotion.kind === "gated_write" ? "gated write" : "proposal"} by {agentName} ·{" "}
          {formatTime(promotion.createdAt)} · {shortId(promotion.id)}
        </span>
      </header>
      {promotion.reason && <p className="muted">Agent's reason: {promotion.reason}</p>}
      {promotion.sourceMemoryIds.length > 0 && (
        <p className="muted">{promotion.sourceMemoryIds.length} source memories</p>
      )}
      {canDecide && editable ? (
        <label className="field">
          <span>Content to approve</span>
          <textarea rows={3} value={content} onChange={(e) => setContent(e.target.value)} />
        </label>
      ) : (
        <p className="memory-content">{original}</p>
      )}
      {canDecide && (
        <div className="actions">
          <button
            type="button"
            className="btn primary"
            disabled={approve.isPending || !content.trim()}
            onClick={() =>
              approve.mutate({ id: promotion.id, ...(editable && content !== original ? { content } : {}) })
            }
          >
            Approve
          </button>
          {!rejecting ? (
            <button type="button" className="btn danger" onClick={() => setRejecting(true)}>
              Reject
            </button>
          ) : (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                reject.mutate({ id: promotion.id, reason: reason.trim() });
              }}
            >
              <label className="field inline">
                <span>Reason for rejecting</span>
                <input required value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" className="btn danger" disabled={!reason.trim() || reject.isPending}>
                Confirm reject
              </button>
              <button type="button" className="btn ghost" onClick={() => setRejecting(false)}>
                Cancel
              </button>
            </form>
          )}
        </div>
      )}
      <ErrorLine error={approve.error ?? reject.error} />
    </article>
  );
}
