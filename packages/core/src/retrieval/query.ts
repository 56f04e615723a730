import { asksForTime, parseTimeRange, type TimeRange } from "./time.js";

/** What the ranking needs to know about a question. */
export interface QueryAnalysis {
  /** Text to embed for the dense side: wh-words and the named speakers removed. */
  denseText: string;
  /** Known speakers the question names ("Mel" names "Melanie"). */
  namedSpeakers: string[];
  /** The question asks when / how long. */
  asksForTime: boolean;
  /** A calendar range the question names, if any. */
  timeRange?: TimeRange;
}

const WH_WORDS = /\b(what|when|where|who|whom|whose|which|why|how)\b/gi;
const WH_WORD = /^(what|when|where|who|whom|whose|which|why|how)$/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A capitalised word names a speaker when it equals one of the speaker's name parts or is
 * a short form of one (a prefix of at least 3 letters, as nicknames are: "Mel", "Melanie").
 */
function namesSpeaker(word: string, speaker: string): boolean {
  const w = word.toLowerCase();
  return speaker
    .toLowerCase()
    .split(/\s+/)
    .some((p) => p === w || (w.length >= 3 && p.startsWith(w)));
}

export function analyseQuery(query: string, speakers: readonly string[] = []): QueryAnalysis {
  // Capitalised words only: names are written so, and "may" must not name "Maya".
  const words = [...new Set(query.match(/\b[A-Z][a-zA-Z-]*/g) ?? [])];
  const nameWords = words.filter((w) => !WH_WORD.test(w) && speakers.some((s) => namesSpeaker(w, s)));
  const namedSpeakers = speakers.filter((s) => nameWords.some((w) => namesSpeaker(w, s)));
  // Speaker names occur in most of a conversation's memories, so on the dense side they
  // drown the topic words; the wh-word carries no topic either.
  let denseText = query.replace(WH_WORDS, " ");
  for (const w of nameWords)
    denseText = denseText.replace(new RegExp(`\\b${escapeRegExp(w)}(?:['’]s)?(?![\\w'’])`, "g"), " ");
  denseText = denseText.replace(/\s+/g, " ").trim();
  const timeRange = parseTimeRange(query);
  return {
    denseText: /\w/.test(denseText) ? denseText : query,
    namedSpeakers,
    asksForTime: asksForTime(query),
    ...(timeRange ? { timeRange } : {}),
  };
}
