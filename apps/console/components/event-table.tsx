import Link from "next/link";
import { formatTime, shortId } from "@/lib/format";
import type { AuditEvent } from "@/lib/types";

/** Audit events as rows; `onSelect` adds a Details button per row. */
export function EventTable({
  events,
  caption,
  onSelect,
  selectedSeq,
}: {
  events: AuditEvent[];
  caption: string;
  onSelect?(event: AuditEvent): void;
  selectedSeq?: number;
}) {
  return (
    <table className="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Seq</th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Reason</th>
          {onSelect && <th scope="col">Details</th>}
        </tr>
      </thead>
      <tbody>
        {events.length === 0 && (
          <tr>
            <td colSpan={onSelect ? 7 : 6} className="muted">
              No events.
            </td>
          </tr>
        )}
        {events.map((e) => (
          <tr
            key={e.seq}
            aria-selected={selectedSeq === e.seq ? true : undefined}
            className={e.action === "write_denied" ? "alert-row" : undefined}
          >
            <td>{e.seq}</td>
            <td>{formatTime(e.at)}</td>
            <td title={e.actorId}>
              {e.actorType} {shortId(e.actorId)}
            </td>
            <td>
              <code>{e.action}</code>
            </td>
            <td title={e.targetId}>
              {e.targetType === "memory" ? (
                <Link href={`/memories/${e.targetId}`}>memory {shortId(e.targetId)}</Link>
              ) : (
                `${e.targetType} ${shortId(e.targetId)}`
              )}
            </td>
            <td>{e.reason ?? ""}</td>
            {onSelect && (
              <td>
                <button
                  type="button"
                  className="btn small"
                  aria-label={`Details of event ${e.seq}`}
                  onClick={() => onSelect(e)}
                >
                  Details
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
