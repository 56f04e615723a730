import { formatTime, shortId } from "@/lib/format";
import type { Overview } from "@/lib/types";

export function AlertsTable({ alerts }: { alerts: Overview["alerts"] }) {
  return (
    <table className="table">
      <caption>Recent denied writes</caption>
      <thead>
        <tr>
          <th scope="col">Seq</th>
          <th scope="col">Time</th>
          <th scope="col">Agent</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {alerts.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              No denied writes.
            </td>
          </tr>
        )}
        {alerts.map((a) => (
          <tr key={a.seq} className="alert-row">
            <td>{a.seq}</td>
            <td>{formatTime(a.at)}</td>
            <td title={a.actorId}>{shortId(a.actorId)}</td>
            <td>{a.reason ?? a.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
