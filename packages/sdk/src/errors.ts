import { TRPCClientError } from "@trpc/client";

/** An API error with the server's stable code (BAD_REQUEST, FORBIDDEN, RATE_LIMITED, …). */
export class MemroApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "MemroApiError";
  }
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  memroCode?: string;
  details?: Record<string, unknown>;
}

/** Runs a call and turns tRPC client errors into `MemroApiError`. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = (error.data ?? {}) as ErrorData;
      throw new MemroApiError(
        data.memroCode ?? data.code ?? "UNKNOWN",
        error.message,
        data.httpStatus,
        data.details,
      );
    }
    throw error;
  }
}
