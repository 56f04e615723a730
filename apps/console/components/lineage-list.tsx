import Link from "next/link";
import { formatTime, shortId, truncate } from "@/lib/format";
import type { Lineage } from "@/lib/types";

/** The same lineage as the graph, as text (links, and readable by screen readers and tests). */
export function LineageList({ lineage, nameOf }: { lineage: Lineage; nameOf(id: string | null): string }) {
  return (
    <section className="card" aria-labelledby="lineage-list-title">
      <h2 id="lineage-list-title">Derived from</h2>
      <ul aria-label="Sources">
        {lineage.sources.length === 0 && <li className="muted">No source memories.</li>}
        {lineage.sources.map((s) => (
          <li key={s.id}>
            <Link href={`/memories/${s.id}`}>
              {s.tier}: {truncate(s.content, 100)}
            </Link>
          </li>
        ))}
      </ul>
      <h3>Promotions</h3>
      <ul aria-label="Promotions">
        {lineage.promotions.length === 0 && <li className="muted">Not promoted.</li>}
        {lineage.promotions.map((p) => (
          <li key={p.id}>
            Promotion {shortId(p.id)}: {p.status} ({p.kind.replace("_", " ")}), proposed by{" "}
            {nameOf(p.proposerAgentId)}, decided {formatTime(p.decidedAt)}
            {p.reason ? ` — ${p.reason}` : ""}
          </li>
        ))}
      </ul>
      <h3>Runs</h3>
      <ul aria-label="Runs">
        {lineage.runs.length === 0 && <li className="muted">Not written by a run.</li>}
        {lineage.runs.map((r) => (
          <li key={r.id}>
            <Link href={`/runs/${r.id}`}>{truncate(r.task, 100)}</Link> ({r.status})
          </li>
        ))}
      </ul>
    </section>
  );
}
