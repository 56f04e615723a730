/**
 * Time cues in text. Episodic memories carry an event time; questions often name a date
 * ("in May 2023", "on 8 May, 2023") or ask "when", and turns that state when something
 * happened ("last week", "in 2022") are the ones that answer "when" questions.
 */

export const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
const MONTH_RE = `(${MONTHS.join("|")}|${MONTH_ABBR.filter((m) => m !== "may").join("|")})\\.?`;

const TIME_EXPRESSION = new RegExp(
  [
    "\\b(yesterday|today|tonight|tomorrow|ago|recently|lately|earlier|since|weekend)\\b",
    "\\b(last|next|this|past|few|couple of)\\s+(night|morning|week|month|year|weekend|summer|winter|spring|fall|autumn|days|weeks|months|years)\\b",
    "\\b\\d+\\s+(days?|weeks?|months?|years?)\\b",
    `\\b${MONTH_RE}\\b`,
    "\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
    "\\b(19|20)\\d{2}\\b",
  ].join("|"),
  "i",
);

/** True when the text states a time ("last week", "in 2022", "3 years", "Friday"). */
export function hasTimeExpression(text: string): boolean {
  return TIME_EXPRESSION.test(text);
}

/** True for questions that ask for a time or a duration. */
export function asksForTime(question: string): boolean {
  return /\b(when|how long|how many (days|weeks|months|years)|what (year|month|date|day|time)|which (year|month|day))\b/i.test(
    question,
  );
}

export interface TimeRange {
  start: Date;
  /** Exclusive end. */
  end: Date;
}

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, "");
  const full = MONTHS.indexOf(w);
  return full >= 0 ? full : MONTH_ABBR.indexOf(w.slice(0, 3));
}

const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));

/**
 * The calendar range a question names, most specific first: a day ("8 May, 2023",
 * "May 8, 2023"), a month ("May 2023"), or a year ("in 2022"). Undefined when none.
 */
export function parseTimeRange(text: string): TimeRange | undefined {
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE},?\\s+((?:19|20)\\d{2})\\b`,
    "i",
  ).exec(text);
  const monthFirst = new RegExp(
    `\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d{2})\\b`,
    "i",
  ).exec(text);
  if (dayFirst || monthFirst) {
    const [day, month, year] = dayFirst
      ? [Number(dayFirst[1]), monthIndex(dayFirst[2]!), Number(dayFirst[3])]
      : [Number(monthFirst![2]), monthIndex(monthFirst![1]!), Number(monthFirst![3])];
    if (month >= 0 && day >= 1 && day <= 31)
      return { start: utc(year, month, day), end: utc(year, month, day + 1) };
  }
  const monthYear = new RegExp(`\\b${MONTH_RE},?\\s+((?:19|20)\\d{2})\\b`, "i").exec(text);
  if (monthYear) {
    const month = monthIndex(monthYear[1]!);
    const year = Number(monthYear[2]);
    if (month >= 0) return { start: utc(year, month), end: utc(year, month + 1) };
  }
  const year = /\b((?:19|20)\d{2})\b/.exec(text);
  if (year) return { start: utc(Number(year[1]), 0), end: utc(Number(year[1]) + 1, 0) };
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * How well an event time fits a named range: 1 inside, decaying with the distance in days
 * outside. Memories are often recorded after the event ("last week"), so times up to
 * `lagDays` after the range still count fully.
 */
export function timeFit(time: Date, range: TimeRange, lagDays = 14, scaleDays = 30): number {
  const t = time.getTime();
  const start = range.start.getTime();
  const end = range.end.getTime() + lagDays * DAY_MS;
  const off = t < start ? start - t : t > end ? t - end : 0;
  return Math.exp(-off / (scaleDays * DAY_MS));
}
