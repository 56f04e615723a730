import { PageHeader } from "./page-header";

/**
 * TODO(graph): the API has no `graph.*` tRPC router yet (packages/core/src/graph exists,
 * its router does not). When `graph` appears in apps/api/src/trpc/root.ts, build the
 * explorer here: entity search, k-hop neighbourhood drawn with @xyflow/react, relation
 * validity at a chosen time.
 */
export function GraphView() {
  return (
    <>
      <PageHeader title="Graph" />
      <section className="card todo" aria-label="Graph explorer">
        <h2>Graph explorer: not yet available</h2>
        <p className="muted">
          The API does not expose the graph tier to the console yet (no <code>graph.*</code> procedures). Entities and relations still count in the Overview&apos;s graph
          card.
        </p>
      </section>
    </>
  );
}
