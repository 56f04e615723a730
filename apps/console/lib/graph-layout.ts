import type { GraphEntity, GraphRelation } from "./types";

export interface Placed {
  id: string;
  layer: number;
  x: number;
  y: number;
}

export const LAYER_GAP = 420;
export const ROW_GAP = 90;

const byName = (a: GraphEntity, b: GraphEntity) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * A deterministic layered layout: breadth-first from the roots over the relations in view
 * (both directions), one column per hop, names sorted within a column. Entities the roots
 * do not reach form components of their own (started from their best-connected entity),
 * stacked below. The same input always gives the same positions, so expanding a node only
 * adds columns and rows instead of reshuffling the picture.
 */
export function layeredLayout(
  entities: GraphEntity[],
  relations: GraphRelation[],
  roots: string[],
): Map<string, Placed> {
  const ids = new Set(entities.map((e) => e.id));
  const neighbours = new Map<string, Set<string>>();
  for (const id of ids) neighbours.set(id, new Set());
  for (const r of relations) {
    if (!ids.has(r.fromId) || !ids.has(r.toId)) continue;
    neighbours.get(r.fromId)!.add(r.toId);
    neighbours.get(r.toId)!.add(r.fromId);
  }
  const byId = new Map(entities.map((e) => [e.id, e]));
  const degree = (id: string) => neighbours.get(id)?.size ?? 0;
  const order = [...entities].sort((a, b) => degree(b.id) - degree(a.id) || byName(a, b)).map((e) => e.id);
  const starts = [...roots.filter((id) => ids.has(id)), ...order];

  const placed = new Map<string, Placed>();
  let rowOffset = 0;
  const seen = new Set<string>();
  for (const start of starts) {
    if (seen.has(start)) continue;
    // One component: breadth-first from `start` (plus every other root in it, at layer 0).
    const layerOf = new Map<string, number>();
    const queue: string[] = [];
    const componentRoots = start === starts[0] ? roots.filter((id) => ids.has(id)) : [start];
    for (const id of componentRoots.length ? componentRoots : [start]) {
      if (!seen.has(id)) {
        seen.add(id);
        layerOf.set(id, 0);
        queue.push(id);
      }
    }
    while (queue.length) {
      const id = queue.shift()!;
      const next = [...(neighbours.get(id) ?? [])]
        .filter((n) => !seen.has(n))
        .sort((a, b) => byName(byId.get(a)!, byId.get(b)!));
      for (const n of next) {
        seen.add(n);
        layerOf.set(n, layerOf.get(id)! + 1);
        queue.push(n);
      }
    }
    const columns = new Map<number, GraphEntity[]>();
    for (const [id, layer] of layerOf) {
      const col = columns.get(layer) ?? [];
      col.push(byId.get(id)!);
      columns.set(layer, col);
    }
    let tallest = 0;
    for (const [layer, col] of columns) {
      col.sort(byName);
      tallest = Math.max(tallest, col.length);
      col.forEach((e, i) => {
        placed.set(e.id, { id: e.id, layer, x: layer * LAYER_GAP, y: (rowOffset + i) * ROW_GAP });
      });
    }
    // Centre each column of the component on its tallest one.
    for (const [, col] of columns) {
      const shift = ((tallest - col.length) * ROW_GAP) / 2;
      for (const e of col) placed.get(e.id)!.y += shift;
    }
    rowOffset += tallest + 1;
  }
  return placed;
}
