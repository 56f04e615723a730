import type postgres from "postgres";

/**
 * Statements with at most this many parameters are prepared, once per connection; longer ones
 * (batch inserts, whose text changes with the batch size) are not, so the per-connection
 * statement cache stays small.
 */
const MAX_PREPARED_PARAMETERS = 100;

/**
 * The postgres.js client as drizzle should use it: drizzle runs every query through
 * `unsafe()` unprepared, which postgres.js sends as Parse + Describe, waits for the parameter
 * types, then Bind + Execute: two round trips and a parse per query. Prepared, a query seen
 * before on the connection is one Bind + Execute. Transactions and savepoints get the same client.
 */
export function preparingClient<T extends postgres.Sql>(client: T): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === "unsafe") {
        return (query: string, args?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, args as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: shouldPrepare(args),
          });
      }
      if (key === "begin" || key === "savepoint") {
        return (...params: unknown[]) => {
          const last = params.length - 1;
          const body = params[last] as (tx: postgres.Sql) => unknown;
          params[last] = (tx: postgres.Sql) => body(preparingClient(tx));
          return (Reflect.get(target, key) as (...p: unknown[]) => unknown).apply(target, params);
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

function shouldPrepare(args: unknown[] | undefined): boolean {
  return args !== undefined && args.length > 0 && args.length <= MAX_PREPARED_PARAMETERS;
}
