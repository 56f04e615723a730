import { formatTime, json } from "@/lib/format";
import type { AuditEvent } from "@/lib/types";
import { DiffView } from "./diff-view";

/** One event: its header, hashes and payload; a before/after payload is shown as a diff. */
export function AuditEventDetail({ event, onClose }: { event: AuditEvent; onClose(): void }) {
  const payload = event.payload ?? null;
  const before = payload && "before" in payload ? payload.before : undefined;
  const after = payload && "after" in payload ? payload.after : undefined;
  const hasDiff = before !== undefined || after !== undefined;
  return (
    <section className="card" aria-labelledby="event-detail-title">
      <div className="page-header">
        <h2 id="event-detail-title">Event {event.seq}</h2>
        <button type="button" className="btn ghost" onClick={onClose}>
          Close details
        </button>
      </div>
      <dl className="fields">
        <div>
          <dt>Action</dt>
          <dd>{event.action}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatTime(event.at)}</dd>
        </div>
        <div>
          <dt>Actor</dt>
          <dd>
            {event.actorType} {event.actorId}
          </dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>
            {event.targetType} {event.targetId}
          </dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd>{event.runId ?? "—"}</dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{event.reason ?? "—"}</dd>
        </div>
        <div>
          <dt>Hash</dt>
          <dd className="mono">{event.hash}</dd>
        </div>
        <div>
          <dt>Previous hash</dt>
          <dd className="mono">{event.prevHash}</dd>
        </div>
      </dl>
      {event.payloadErased && (
        <p className="muted">The payload was erased (a tombstone remains; the chain still verifies).</p>
      )}
      {hasDiff && (
        <>
          <h3>Before → after</h3>
          <DiffView
            before={before === undefined || before === null ? "" : json(before)}
            after={after === undefined || after === null ? "" : json(after)}
            label="Before and after"
          />
        </>
      )}
      {payload && !hasDiff && (
        <>
          <h3>Payload</h3>
          <pre className="json">{json(payload)}</pre>
        </>
      )}
    </section>
  );
}
