"use client";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { type FormEvent, useCallback, useMemo, useState } from "react";
import { formatTime, truncate } from "@/lib/format";
import { layeredLayout } from "@/lib/graph-layout";
import { useTRPC } from "@/lib/trpc";
import type { GraphEntity, GraphRelation, GraphSnapshot, Traversal } from "@/lib/types";
import { ErrorLine } from "./error-line";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";

const DEPTHS = [1, 2, 3] as const;

/** Observations are plain strings and may repeat: a running count keeps React keys unique and stable. */
function numbered(items: string[]): { key: string; text: string }[] {
  const seen = new Map<string, number>();
  return items.map((text) => {
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return { key: `${n}:${text}`, text };
  });
}

/** `YYYY-MM-DDTHH:MM:SS` in local time, what a datetime-local input holds. */
function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Where a relation stands against the real clock (not the chosen instant). */
function validityState(r: GraphRelation, now: number): "current" | "expired" | "ends" | "future" {
  if (new Date(r.validFrom).getTime() > now) return "future";
  if (!r.validTo) return "current";
  return new Date(r.validTo).getTime() <= now ? "expired" : "ends";
}

const interval = (r: GraphRelation) =>
  `${formatTime(r.validFrom)} → ${r.validTo ? formatTime(r.validTo) : "open"}`;
/** The same interval to the minute, short enough for an edge label. */
const shortInterval = (r: GraphRelation) =>
  `${formatTime(r.validFrom).slice(0, 16)} → ${r.validTo ? formatTime(r.validTo).slice(0, 16) : "open"}`;

type EntityNodeData = { entity: GraphEntity; selected: boolean; root: boolean; onOpen: (id: string) => void };
type EntityNode = Node<EntityNodeData, "entity">;

/** One entity: a real button (keyboard reachable, named) that selects it and expands its neighbourhood. */
function EntityNodeView({ data }: NodeProps<EntityNode>) {
  const { entity } = data;
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <button
        type="button"
        className="graph-node-btn nodrag nopan"
        aria-label={`${entity.name} (${entity.type})`}
        aria-pressed={data.selected}
        title="Select and expand the neighbourhood"
        onClick={() => data.onOpen(entity.id)}
      >
        <span className="graph-node-name">{truncate(entity.name, 40)}</span>
        <span className="graph-node-type">{entity.type}</span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

const nodeTypes = { entity: EntityNodeView };

export function GraphView() {
  const { namespaceId } = useNamespace();
  return (
    <>
      <PageHeader title="Graph" />
      {namespaceId ? (
        <GraphExplorer key={namespaceId} namespaceId={namespaceId} />
      ) : (
        <p className="muted">Loading namespaces…</p>
      )}
    </>
  );
}

interface Expansion {
  id: string;
  depth: number;
}

function GraphExplorer({ namespaceId }: { namespaceId: string }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [searched, setSearched] = useState<string | null>(null);
  const [depth, setDepth] = useState<number>(1);
  /** The instant relations must hold at; null is "now" as the API sees it on each request. */
  const [validAt, setValidAt] = useState<Date | null>(null);
  const [validAtText, setValidAtText] = useState("");
  /** Exploring from one entity (a search hit or a "start here"); null shows the namespace overview. */
  const [root, setRoot] = useState<GraphEntity | null>(null);
  const [expansions, setExpansions] = useState<Expansion[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const at = validAt ? { validAt } : {};
  const search = useQuery({
    ...trpc.graph.search.queryOptions({ namespaceId, query: searched ?? "-", limit: 20, ...at }),
    enabled: Boolean(searched),
  });
  const overview = useQuery({
    ...trpc.graph.read.queryOptions({ namespaceId, limit: 200, ...at }),
    enabled: root === null,
    placeholderData: keepPreviousData,
  });
  const walks = useQueries({
    queries: expansions.map((x) => ({
      ...trpc.graph.traverse.queryOptions({ namespaceId, start: [x.id], depth: x.depth, ...at }),
      placeholderData: keepPreviousData,
    })),
  });

  // What is in view: the overview, or the root plus every expansion's walk merged by id.
  const { entities, relations } = useMemo(() => {
    const entities = new Map<string, GraphEntity>();
    const relations = new Map<string, GraphRelation>();
    if (root === null) {
      const data = overview.data as GraphSnapshot | undefined;
      for (const e of data?.entities ?? []) entities.set(e.id, e);
      for (const r of data?.relations ?? []) relations.set(r.id, r);
    } else {
      entities.set(root.id, root);
      for (const w of walks) {
        const data = w.data as Traversal | undefined;
        for (const n of data?.nodes ?? []) entities.set(n.id, n);
        for (const r of data?.edges ?? []) relations.set(r.id, r);
      }
    }
    return { entities, relations };
  }, [root, overview.data, walks]);

  const open = useCallback(
    (id: string) => {
      setSelectedId(id);
      setExpansions((xs) =>
        xs.some((x) => x.id === id && x.depth >= depth)
          ? xs
          : [...xs.filter((x) => x.id !== id), { id, depth }],
      );
    },
    [depth],
  );

  const startFrom = (entity: GraphEntity) => {
    setRoot(entity);
    setExpansions([]);
    setSelectedId(entity.id);
  };

  const resetView = () => {
    setRoot(null);
    setExpansions([]);
    setSelectedId(null);
  };

  // Clicking a node in the overview starts exploring from it.
  const onNodeOpen = useCallback(
    (id: string) => {
      if (root === null) {
        const entity = entities.get(id);
        if (entity) {
          setRoot(entity);
          setSelectedId(id);
          setExpansions([{ id, depth }]);
        }
        return;
      }
      open(id);
    },
    [root, entities, depth, open],
  );

  // The real clock, read again whenever the data changes (expired vs. ends-later).
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed on purpose when the view changes
  const now = useMemo(() => Date.now(), [entities, relations]);
  const { nodes, edges } = useMemo(() => {
    const list = [...entities.values()];
    const rels = [...relations.values()].filter((r) => entities.has(r.fromId) && entities.has(r.toId));
    const placed = layeredLayout(list, rels, root ? [root.id] : []);
    const nodes: EntityNode[] = list.map((e) => {
      const p = placed.get(e.id) ?? { x: 0, y: 0 };
      return {
        id: e.id,
        type: "entity",
        position: { x: p.x, y: p.y },
        data: { entity: e, selected: e.id === selectedId, root: e.id === root?.id, onOpen: onNodeOpen },
        className: `graph-node${e.id === selectedId ? " selected-entity" : ""}${e.id === root?.id ? " root" : ""}`,
        draggable: false,
        connectable: false,
        selectable: false,
        focusable: false,
        ariaLabel: `Entity ${e.name}`,
      };
    });
    const edges: Edge[] = rels.map((r) => {
      const state = validityState(r, now);
      const bounded = state !== "current";
      // Draw left to right by layer; the arrow still points from `from` to `to`.
      const forward = (placed.get(r.fromId)?.layer ?? 0) <= (placed.get(r.toId)?.layer ?? 0);
      const arrow = { type: MarkerType.ArrowClosed };
      return {
        id: r.id,
        source: forward ? r.fromId : r.toId,
        target: forward ? r.toId : r.fromId,
        ...(forward ? { markerEnd: arrow } : { markerStart: arrow }),
        label: bounded ? `${r.type} (${shortInterval(r)})` : r.type,
        className: `graph-edge ${state}`,
        labelStyle: { fill: "#dbe4ee", fontSize: 11 },
        labelBgStyle: { fill: "#121821" },
        labelBgPadding: [4, 2] as [number, number],
        style: bounded ? { strokeDasharray: "6 4" } : undefined,
        focusable: false,
        selectable: false,
        ariaLabel: `Relation ${r.fromName} ${r.type} ${r.toName}${bounded ? `, ${state}, valid ${interval(r)}` : ""}`,
      };
    });
    return { nodes, edges };
  }, [entities, relations, root, selectedId, onNodeOpen, now]);

  const selected = selectedId ? (entities.get(selectedId) ?? (root?.id === selectedId ? root : null)) : null;
  const busy = overview.isFetching || walks.some((w) => w.isFetching);
  const errors = [search.error, overview.error, ...walks.map((w) => w.error)].find(Boolean);
  const hits = (search.data as GraphSnapshot | undefined)?.entities ?? [];
  const sortedRelations = [...relations.values()]
    .filter((r) => entities.has(r.fromId) && entities.has(r.toId))
    .sort(
      (a, b) =>
        a.fromName.localeCompare(b.fromName) ||
        a.type.localeCompare(b.type) ||
        a.toName.localeCompare(b.toName),
    );

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    setSearched(q || null);
  };

  const onValidAtChange = (value: string) => {
    setValidAtText(value);
    if (!value) return setValidAt(null);
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) setValidAt(d);
  };

  const setNow = () => {
    // Kept to the millisecond: the input shows whole seconds, the query uses the exact instant.
    const d = new Date();
    setValidAt(d);
    setValidAtText(toLocalInput(d));
  };

  return (
    <>
      <div className="filters graph-toolbar">
        <search aria-label="Find an entity" className="graph-search-wrap">
          <form className="graph-search" onSubmit={onSearch}>
            <label className="field grow">
              <span>Search entities</span>
              <input
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="name, alias, type, summary or observation"
              />
            </label>
            <div className="field-actions">
              <button type="submit" className="btn primary">
                Search
              </button>
            </div>
          </form>
        </search>
        <label className="field">
          <span>Hops per expansion</span>
          <select value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
            {DEPTHS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Valid at</span>
          <input
            type="datetime-local"
            step={1}
            value={validAtText}
            onChange={(e) => onValidAtChange(e.target.value)}
          />
        </label>
        <div className="field-actions">
          <button type="button" className="btn" aria-label="Valid at now" onClick={setNow}>
            Now
          </button>
          <button
            type="button"
            className="btn ghost"
            aria-label="Valid at latest (follows the clock)"
            onClick={() => onValidAtChange("")}
            disabled={!validAt && !validAtText}
          >
            Latest
          </button>
          <button type="button" className="btn ghost" onClick={resetView} disabled={root === null}>
            Reset view
          </button>
        </div>
      </div>
      <ErrorLine error={errors} />

      {searched && (
        <section className="card" aria-labelledby="graph-hits-title">
          <h2 id="graph-hits-title" className="small-title">
            Matches for “{searched}”
          </h2>
          {search.isSuccess && hits.length === 0 && <p className="muted">No entities match.</p>}
          <ul className="graph-hits" aria-label="Search results">
            {hits.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="btn"
                  aria-label={`Open ${e.name} (${e.type})`}
                  onClick={() => startFrom(e)}
                >
                  {e.name} <span className="muted">{e.type}</span>
                </button>
                {e.summary && <span className="muted small"> {truncate(e.summary, 100)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="graph-layout">
        <figure
          className="card graph-figure"
          aria-label="Entity graph"
          aria-busy={busy}
          data-testid="entity-graph"
        >
          <figcaption>
            {root ? (
              <>
                Neighbourhood of <strong>{root.name}</strong>: {entities.size} entities,{" "}
                {sortedRelations.length} relations. Click an entity to expand it by {depth}{" "}
                {depth === 1 ? "hop" : "hops"}.
              </>
            ) : (
              <>
                Namespace overview: {entities.size} entities, {sortedRelations.length} relations
                {(overview.data as GraphSnapshot | undefined)?.truncated ? " (truncated)" : ""}. Search, or
                click an entity to explore from it.
              </>
            )}{" "}
            <output aria-label="Relations valid at">
              {validAt ? `Relations valid at ${formatTime(validAt)} UTC` : "Relations valid now"}
            </output>
          </figcaption>
          <div className="flow graph-flow">
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              fitView
              fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              proOptions={{ hideAttribution: true }}
              colorMode="dark"
              minZoom={0.1}
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          {entities.size === 0 && !busy && <p className="muted">No entities in view.</p>}
        </figure>

        <aside className="card graph-panel" aria-label="Entity details">
          {selected ? (
            <EntityPanel
              entity={selected}
              relations={sortedRelations.filter((r) => r.fromId === selected.id || r.toId === selected.id)}
              depth={depth}
              now={now}
              onExpand={() => open(selected.id)}
              onStart={() => startFrom(selected)}
              isRoot={root?.id === selected.id}
            />
          ) : (
            <p className="muted">Select an entity to see its type, aliases, summary and observations.</p>
          )}
        </aside>
      </div>

      <table className="table">
        <caption>Relations in view, with their validity (dashed in the graph when bounded)</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Relation</th>
            <th scope="col">To</th>
            <th scope="col">Valid from</th>
            <th scope="col">Valid to</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {sortedRelations.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No relations in view.
              </td>
            </tr>
          )}
          {sortedRelations.map((r) => {
            const state = validityState(r, now);
            return (
              <tr key={r.id} data-state={state}>
                <td>{r.fromName}</td>
                <td>{r.type}</td>
                <td>{r.toName}</td>
                <td>{formatTime(r.validFrom)}</td>
                <td>{r.validTo ? formatTime(r.validTo) : "—"}</td>
                <td>
                  <span className={`status validity-${state}`}>{state}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function EntityPanel({
  entity,
  relations,
  depth,
  now,
  onExpand,
  onStart,
  isRoot,
}: {
  entity: GraphEntity;
  relations: GraphRelation[];
  depth: number;
  now: number;
  onExpand(): void;
  onStart(): void;
  isRoot: boolean;
}) {
  return (
    <>
      <h2 className="graph-panel-title">{entity.name}</h2>
      <dl className="fields graph-fields">
        <div>
          <dt>Type</dt>
          <dd>{entity.type}</dd>
        </div>
        <div>
          <dt>Aliases</dt>
          <dd>{entity.aliases.length ? entity.aliases.join(", ") : "—"}</dd>
        </div>
        <div>
          <dt>Visibility</dt>
          <dd>{entity.visibility}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatTime(entity.updatedAt)}</dd>
        </div>
      </dl>
      <h3>Summary</h3>
      <p>{entity.summary || <span className="muted">No summary.</span>}</p>
      <h3>Observations</h3>
      {entity.observations.length ? (
        <ul aria-label="Observations" className="graph-observations">
          {numbered(entity.observations).map(({ key, text }) => (
            <li key={key}>{text}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No observations.</p>
      )}
      <h3>Relations in view</h3>
      {relations.length ? (
        <ul aria-label={`Relations of ${entity.name}`} className="graph-observations">
          {relations.map((r) => {
            const state = validityState(r, now);
            return (
              <li key={r.id}>
                {r.fromName} <strong>{r.type}</strong> {r.toName}
                {state !== "current" && (
                  <span className={`muted small validity-${state}`}>
                    {" "}
                    ({state}: {interval(r)})
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">None in view.</p>
      )}
      <div className="field-actions">
        <button type="button" className="btn primary" onClick={onExpand}>
          Expand {depth} {depth === 1 ? "hop" : "hops"}
        </button>
        {!isRoot && (
          <button type="button" className="btn" onClick={onStart}>
            Start from here
          </button>
        )}
      </div>
    </>
  );
}
