import { formatTime, json, shortId } from "@/lib/format";
import type { Memory } from "@/lib/types";

export function MemorySummary({ memory, agentName }: { memory: Memory; agentName: string }) {
  const fields: [string, string][] = [
    ["Tier", memory.tier],
    ["Status", memory.status],
    ["Version", String(memory.version)],
    ["Author agent", agentName],
    ["Subject", memory.subject ?? "—"],
    ["Visibility", memory.visibility],
    ["Importance", memory.importance.toFixed(2)],
    ["Run", shortId(memory.runId)],
    ["Tags", memory.tags.join(", ") || "—"],
    ["Valid from", formatTime(memory.validFrom)],
    ["Valid to", formatTime(memory.validTo)],
    ["Recorded", formatTime(memory.recordedAt)],
    ["Accesses", String(memory.accessCount)],
  ];
  return (
    <section className="card" aria-labelledby="memory-content-title">
      <h2 id="memory-content-title">Content</h2>
      <p className="memory-content">{memory.content}</p>
      <dl className="fields">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Structured data</h3>
      <pre className="json" role="region" aria-label="Structured data">
        {json(memory.data)}
      </pre>
      {Object.keys(memory.metadata).length > 0 && (
        <>
          <h3>Metadata</h3>
          <pre className="json" role="region" aria-label="Metadata">
            {json(memory.metadata)}
          </pre>
        </>
      )}
    </section>
  );
}
