import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type MatchCondition,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchOperation,
} from "@langchain/langgraph";
import type { MemroClient } from "./client.js";
import type { Memory } from "./types.js";

/** What the store keeps in a memory's metadata, under `langgraph`. */
interface Stored {
  namespace: string[];
  /** Every prefix of the namespace joined by "/", so a prefix search is one containment filter. */
  prefixes: string[];
  path: string;
  key: string;
  value: Record<string, unknown>;
}

export interface MemroStoreOptions {
  client: MemroClient;
  /** The tier items are written to (policy applies as for any write). Default episodic. */
  tier?: "vector" | "episodic" | "knowledge";
  visibility?: "private" | "shared";
  /** The text that is indexed for semantic search; default: the value's `text`/`content`, else its JSON. */
  text?: (value: Record<string, unknown>) => string;
}

type SearchItem = Item & { score?: number };
const join = (ns: string[]) => ns.join("/");
const prefixesOf = (ns: string[]) => ns.map((_, i) => join(ns.slice(0, i + 1)));
const stored = (m: Memory) => (m.metadata as { langgraph?: Stored }).langgraph;

function defaultText(value: Record<string, unknown>): string {
  for (const field of ["text", "content"])
    if (typeof value[field] === "string") return value[field] as string;
  return JSON.stringify(value);
}

/**
 * A LangGraph.js store over governed memory: each item is one memory (the namespace tuple
 * and key in its metadata, the value's text as content), so every put is a policy-checked,
 * audited write by the agent whose key the client holds, and search is the hybrid search.
 * A gated tier turns puts into pending promotions: reads see them once approved.
 */
export class MemroStore extends BaseStore {
  private readonly client: MemroClient;
  private readonly opts: Required<Omit<MemroStoreOptions, "client">>;

  constructor(options: MemroStoreOptions) {
    super();
    this.client = options.client;
    this.opts = {
      tier: options.tier ?? "episodic",
      visibility: options.visibility ?? "shared",
      text: options.text ?? defaultText,
    };
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    // In order: a put followed by a get in one batch must see the put.
    for (const op of operations) {
      if ("key" in op && "value" in op) results.push(await this.putOp(op as PutOperation));
      else if ("key" in op) results.push(await this.getOp(op as GetOperation));
      else if ("namespacePrefix" in op) results.push(await this.searchOp(op as SearchOperation));
      else results.push(await this.listOp(op as ListNamespacesOperation));
    }
    return results as OperationResults<Op>;
  }

  private async find(namespace: string[], key: string): Promise<Memory | undefined> {
    const page = await this.client.memories.list({
      metadata: { langgraph: { path: join(namespace), key } },
      limit: 1,
    });
    return page.items[0];
  }

  private toItem(m: Memory): Item {
    const s = stored(m)!;
    return {
      namespace: s.namespace,
      key: s.key,
      value: s.value,
      createdAt: new Date(m.createdAt),
      updatedAt: new Date(m.updatedAt),
    };
  }

  private async getOp(op: GetOperation): Promise<Item | null> {
    const m = await this.find(op.namespace, op.key);
    return m ? this.toItem(m) : null;
  }

  private async putOp(op: PutOperation): Promise<void> {
    const existing = await this.find(op.namespace, op.key);
    if (op.value === null) {
      if (existing) await this.client.memories.delete(existing.id, { reason: "langgraph store delete" });
      return;
    }
    const meta: Stored = {
      namespace: op.namespace,
      prefixes: prefixesOf(op.namespace),
      path: join(op.namespace),
      key: op.key,
      value: op.value,
    };
    // The key is part of the text, so two keys with equal values stay two memories.
    const content = `${meta.path}/${op.key}: ${this.opts.text(op.value)}`;
    if (existing) {
      await this.client.memories.update({ id: existing.id, content, metadata: { langgraph: meta } });
    } else {
      await this.client.memories.write({
        tier: this.opts.tier,
        content,
        metadata: { langgraph: meta },
        visibility: this.opts.visibility,
      });
    }
  }

  private async searchOp(op: SearchOperation): Promise<SearchItem[]> {
    const limit = op.limit ?? 10;
    const offset = op.offset ?? 0;
    const metadata = {
      langgraph: {
        ...(op.namespacePrefix.length ? { prefixes: [join(op.namespacePrefix)] } : {}),
        ...(op.filter ? { value: op.filter } : {}),
      },
    };
    if (op.query) {
      const hits = await this.client.memories.search({
        query: op.query,
        k: Math.min(100, limit + offset),
        metadata,
      });
      return hits.slice(offset, offset + limit).map((h) => ({ ...this.toItem(h.memory), score: h.score }));
    }
    const page = await this.client.memories.list({ metadata, limit: Math.min(500, limit + offset) });
    return page.items.slice(offset, offset + limit).map((m) => this.toItem(m));
  }

  private async listOp(op: ListNamespacesOperation): Promise<string[][]> {
    const seen = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const page = await this.client.memories.list({ metadata: { langgraph: {} }, limit: 500, cursor });
      for (const m of page.items) {
        const ns = stored(m)?.namespace;
        if (!ns || !(op.matchConditions ?? []).every((c) => matches(ns, c))) continue;
        const cut = op.maxDepth !== undefined ? ns.slice(0, op.maxDepth) : ns;
        seen.set(JSON.stringify(cut), cut);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = [...seen.values()].sort((a, b) => join(a).localeCompare(join(b)));
    return all.slice(op.offset, op.offset + op.limit);
  }
}

function matches(ns: string[], c: MatchCondition): boolean {
  if (c.path.length > ns.length) return false;
  const part = c.matchType === "prefix" ? ns.slice(0, c.path.length) : ns.slice(ns.length - c.path.length);
  return c.path.every((p, i) => p === "*" || p === part[i]);
}
