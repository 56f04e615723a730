import { readFileSync } from "node:fs";
import { MONTHS } from "@memro/core";
import type { BenchCase, BenchQuery, Dataset, Item } from "./types.js";

interface LocomoTurn {
  speaker: string;
  dia_id: string;
  text: string;
  blip_caption?: string;
}

interface LocomoQa {
  question: string;
  answer?: unknown;
  adversarial_answer?: unknown;
  evidence: string[];
  category: number;
}

interface LocomoSample {
  sample_id: string;
  conversation: Record<string, unknown>;
  qa: LocomoQa[];
}

/** Parses LoCoMo's "1:56 pm on 8 May, 2023" (read as UTC: the data has no zone). */
export function parseLocomoDate(s: string): Date {
  const m = /^\s*(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})\s*$/i.exec(s);
  if (!m) throw new Error(`unrecognised LoCoMo date: ${s}`);
  const [, hh, mm, ampm, day, monthName, year] = m as unknown as string[];
  const month = MONTHS.indexOf(monthName!.toLowerCase());
  if (month < 0) throw new Error(`unrecognised month in LoCoMo date: ${s}`);
  let hour = Number(hh) % 12;
  if (ampm!.toLowerCase() === "pm") hour += 12;
  return new Date(Date.UTC(Number(year), month, Number(day), hour, Number(mm)));
}

/** Splits on `[;,\s]+`, keeps `D:?<s>:<t>` forms that exist in the conversation, de-duplicated. */
export function normaliseEvidence(evidence: readonly string[], known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const raw of evidence) {
    for (const part of raw.split(/[;,\s]+/)) {
      const m = /D:?(\d+):(\d+)/.exec(part);
      if (!m) continue;
      const id = `D${Number(m[1])}:${Number(m[2])}`;
      if (known.has(id) && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

export function turnText(turn: LocomoTurn): string {
  const caption = turn.blip_caption ? ` [shares ${turn.blip_caption}]` : "";
  return `${turn.speaker}: ${turn.text}${caption}`;
}

/** Turns in protocol order: sessions by number, turns by list order; sessions without turns skipped. */
export function locomoItems(conversation: Record<string, unknown>): Item[] {
  const sessions: number[] = [];
  for (const key of Object.keys(conversation)) {
    const m = /^session_(\d+)$/.exec(key);
    if (m && Array.isArray(conversation[key]) && (conversation[key] as unknown[]).length > 0) {
      sessions.push(Number(m[1]));
    }
  }
  sessions.sort((a, b) => a - b);
  const items: Item[] = [];
  for (const session of sessions) {
    const when = conversation[`session_${session}_date_time`];
    if (typeof when !== "string") throw new Error(`session_${session} has no date_time`);
    const time = parseLocomoDate(when);
    const turns = conversation[`session_${session}`] as LocomoTurn[];
    turns.forEach((t, i) => {
      const m = /^D(\d+):(\d+)$/.exec(t.dia_id);
      items.push({
        id: t.dia_id,
        text: turnText(t),
        speaker: t.speaker,
        time,
        session,
        turn: m ? Number(m[2]) : i + 1,
      });
    });
  }
  return items;
}

/** Parses a LoCoMo file; questions keep their category, those without gold are dropped. */
export function parseLocomo(samples: LocomoSample[]): Dataset {
  const cases: BenchCase[] = samples.map((s) => {
    const items = locomoItems(s.conversation);
    const known = new Set(items.map((i) => i.id));
    const queries: BenchQuery[] = [];
    s.qa.forEach((qa, i) => {
      const gold = normaliseEvidence(qa.evidence ?? [], known);
      if (gold.length === 0) return;
      queries.push({ id: `${s.sample_id}#${i}`, text: qa.question, category: String(qa.category), gold });
    });
    return { id: s.sample_id, items, queries };
  });
  return { name: "locomo", cases };
}

export function loadLocomo(file: string): Dataset {
  return parseLocomo(JSON.parse(readFileSync(file, "utf8")) as LocomoSample[]);
}
