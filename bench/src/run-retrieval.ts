import {
  type Aggregate,
  aggregate,
  isLocomoPrimary,
  type Scored,
  sessionScores,
  turnScores,
} from "./metrics.js";
import { Progress } from "./progress.js";
import type { Retriever } from "./retriever.js";
import type { Dataset } from "./types.js";

/** Depth retrieved per question (the protocol's 50). */
export const DEPTH = 50;

export interface SystemResult {
  name: string;
  perQuestion: (Scored & { id: string; ranked: string[] })[];
  aggregate: Aggregate;
}

/** Ingests every case into a fresh namespace, asks its questions, scores the answers. */
export async function runRetrieval(
  dataset: Dataset,
  retriever: Retriever,
  opts: { progress?: boolean } = {},
): Promise<SystemResult> {
  const show = opts.progress ?? true;
  try {
    await retriever.setup?.();
  } catch (err) {
    await retriever.close?.().catch(() => {});
    throw err;
  }
  const items = dataset.cases.reduce((n, c) => n + c.items.length, 0);
  const questions = dataset.cases.reduce((n, c) => n + c.queries.length, 0);
  const bar = show ? new Progress(`${retriever.name} ingest+query`, items + questions) : undefined;
  const perQuestion: SystemResult["perQuestion"] = [];
  try {
    for (const c of dataset.cases) {
      await retriever.ingest(c.id, c.items);
      bar?.tick(c.items.length);
      for (const q of c.queries) {
        const ranked = await retriever.search(c.id, q.text, DEPTH);
        const scores = c.unitOf ? sessionScores(ranked, q.gold, c.unitOf) : turnScores(ranked, q.gold);
        perQuestion.push({ id: q.id, category: q.category, scores, ranked });
        bar?.tick();
      }
    }
  } finally {
    bar?.finish();
    await retriever.close?.();
  }
  const primary = dataset.name === "locomo" ? isLocomoPrimary : () => true;
  return { name: retriever.name, perQuestion, aggregate: aggregate(perQuestion, primary) };
}
