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
