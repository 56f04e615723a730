import { formatTime, json } from "@/lib/format";
import type { RunDetail } from "@/lib/types";

/** Steps and checkpoints of a run in the order they happened. */
export function RunTimeline({ detail }: { detail: RunDetail }) {
  const items = [
    ...detail.steps.map((s) => ({
      key: `s${s.id}`,
      at: new Date(s.at ?? s.createdAt ?? 0),
      title: `${s.kind}: ${s.message}`,
      body: Object.keys(s.data).length ? json(s.data) : null,
      kind: "step",
    })),
    ...detail.checkpoints.map((c) => ({
      key: `c${c.id}`,
      at: new Date(c.createdAt ?? 0),
      title: `checkpoint "${c.label}" (${c.status})${c.note ? ` — ${c.note}` : ""}`,
      body: null,
      kind: `checkpoint ${c.status}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        <li className="step">
          <span className="muted">{formatTime(detail.run.startedAt)}</span> run started: {detail.run.task}
        </li>
        {items.map((i) => (
          <li key={i.key} className={i.kind}>
            <span className="muted">{formatTime(i.at)}</span> {i.title}
            {i.body && <pre className="json">{i.body}</pre>}
          </li>
        ))}
        {detail.run.finishedAt && (
          <li className="step">
            <span className="muted">{formatTime(detail.run.finishedAt)}</span> run {detail.run.status}
            {detail.run.outcome ? ` (${detail.run.outcome})` : ""}
          </li>
        )}
      </ol>
    </section>
  );
}
