import { readFileSync } from "node:fs";
import type { BenchCase, Dataset, Item } from "./types.js";

interface LmeTurn {
  role: string;
  content: string;
  has_answer?: boolean;
}

export interface LmeQuestion {
  question_id: string;
  question_type: string;
  question: string;
  answer: unknown;
  question_date?: string;
  haystack_session_ids: string[];
  haystack_dates: string[];
  haystack_sessions: LmeTurn[][];
  answer_session_ids: string[];
}

/** Parses LongMemEval's "2023/05/20 (Sat) 02:21" (UTC); falls back to Date.parse. */
export function parseLmeDate(s: string | undefined): Date {
  const m = s ? /^(\d{4})\/(\d{2})\/(\d{2})(?:\s*\([A-Za-z]+\))?\s*(\d{2}):(\d{2})/.exec(s) : null;
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
  const t = s ? Date.parse(s) : Number.NaN;
  return new Date(Number.isNaN(t) ? 0 : t);
}

/**
 * One case per question (a fresh namespace each); user turns are the keys, and a
 * retrieved turn stands for its session. Abstention questions (`_abs`) are skipped.
 */
export function questionCase(q: LmeQuestion): BenchCase {
  const items: Item[] = [];
  const unitOf = new Map<string, string>();
  q.haystack_sessions.forEach((turns, s) => {
    const sessionId = q.haystack_session_ids[s] ?? `session-${s}`;
    const time = parseLmeDate(q.haystack_dates[s]);
    turns.forEach((t, j) => {
      if (t.role !== "user") return;
      const id = `s${s}t${j}`;
      items.push({ id, text: t.content, speaker: t.role, time, session: s + 1, turn: j + 1 });
      unitOf.set(id, sessionId);
    });
  });
  return {
    id: q.question_id,
    items,
    queries: [
      {
        id: q.question_id,
        text: q.question,
        category: q.question_type,
        gold: [...new Set(q.answer_session_ids)],
      },
    ],
    unitOf,
  };
}

export function parseLongMemEval(questions: LmeQuestion[]): Dataset {
  const cases = questions
    .filter((q) => !q.question_id.endsWith("_abs") && q.answer_session_ids.length > 0)
    .map(questionCase);
  return { name: "longmemeval", cases };
}

export function loadLongMemEval(file: string): Dataset {
  return parseLongMemEval(JSON.parse(readFileSync(file, "utf8")) as LmeQuestion[]);
}
