"use client";
import { Background, type Edge, MarkerType, type Node, Position, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { shortId, truncate } from "@/lib/format";
import type { Lineage } from "@/lib/types";

const COL = 300;
const ROW = 90;

function column(
  nodes: Node[],
  x: number,
  items: { id: string; label: string; kind: string; href?: string }[],
) {
  items.forEach((item, i) => {
    nodes.push({
      id: item.id,
      position: { x, y: i * ROW },
      data: { label: item.label },
      className: `lineage-node ${item.kind}`,
      draggable: false,
      connectable: false,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    });
  });
}

/** Where a memory came from: sources → promotion → memory, runs → memory, older version → memory. */
export function LineageGraph({ lineage }: { lineage: Lineage }) {
  const { nodes, edges } = useMemo(() => {
    const { memory, sources, promotions, runs, versions } = lineage;
    const nodes: Node[] = [];
    const edges: Edge[] = [];
    const arrow = { type: MarkerType.ArrowClosed };
    const memId = `m:${memory.id}`;
    const previous = versions.find((v) => v.id === memory.supersedes);
    column(nodes, 0, [
      ...sources.map((s) => ({
        id: `s:${s.id}`,
        kind: "source",
        label: `Source (${s.tier}): ${truncate(s.content, 60)}`,
      })),
      ...(previous
        ? [
            {
              id: `v:${previous.id}`,
              kind: "version",
              label: `Previous version v${previous.version}: ${truncate(previous.content, 50)}`,
            },
          ]
        : []),
    ]);
    column(nodes, COL, [
      ...promotions.map((p) => ({
        id: `p:${p.id}`,
        kind: "promotion",
        label: `Promotion ${p.status} (${p.kind.replace("_", " ")}) ${shortId(p.id)}`,
      })),
      ...runs.map((r) => ({ id: `r:${r.id}`, kind: "run", label: `Run: ${truncate(r.task, 50)}` })),
    ]);
    column(nodes, COL * 2, [
      {
        id: memId,
        kind: "memory",
        label: `Memory v${memory.version} (${memory.tier}): ${truncate(memory.content, 60)}`,
      },
    ]);
    for (const s of sources) {
      const via = promotions.filter((p) => p.sourceMemoryIds.includes(s.id));
      if (via.length)
        for (const p of via)
          edges.push({
            id: `e:${s.id}:${p.id}`,
            source: `s:${s.id}`,
            target: `p:${p.id}`,
            label: "source",
            markerEnd: arrow,
          });
      else
        edges.push({
          id: `e:${s.id}:m`,
          source: `s:${s.id}`,
          target: memId,
          label: "derived from",
          markerEnd: arrow,
        });
    }
    for (const p of promotions)
      edges.push({
        id: `e:${p.id}:m`,
        source: `p:${p.id}`,
        target: memId,
        label: "promoted",
        markerEnd: arrow,
      });
    for (const r of runs)
      edges.push({ id: `e:${r.id}:m`, source: `r:${r.id}`, target: memId, label: "wrote", markerEnd: arrow });
    if (previous)
      edges.push({
        id: `e:${previous.id}:m`,
        source: `v:${previous.id}`,
        target: memId,
        label: "superseded by",
        markerEnd: arrow,
      });
    return { nodes, edges };
  }, [lineage]);
  return (
    <figure className="card" aria-label="Lineage graph" data-testid="lineage-graph">
      <figcaption>Lineage</figcaption>
      <div className="flow">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          fitView
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
          colorMode="dark"
        >
          <Background />
        </ReactFlow>
      </div>
    </figure>
  );
}
