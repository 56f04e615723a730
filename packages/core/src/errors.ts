/** Stable error codes; each transport maps them to its own status in one place. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class MemroError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "MemroError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new MemroError("BAD_REQUEST", message, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new MemroError("FORBIDDEN", message, details);
export const notFound = (what: string) => new MemroError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new MemroError("CONFLICT", message, details);

/** Connection-level failures (server down, restarting, unreachable), as opposed to query errors. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
]);

/** A 503-class error when `error` (or one of its causes) says the database cannot be reached. */
export function databaseUnavailable(error: unknown): MemroError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08\d{3}$/.test(code))) {
      return new MemroError("UNAVAILABLE", "the database is unavailable; retry shortly", {
        retryAfterSeconds: 2,
      });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
