import type { AppRouter } from "@memro/api";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import { call } from "./errors.js";
import type {
  Checkpoint,
  ContextPack,
  Lineage,
  Memory,
  MemoryPage,
  MutationResult,
  Promotion,
  PromotionList,
  Run,
  SearchHit,
  WaitResult,
  WriteResult,
} from "./types.js";

export interface MemroClientOptions {
  /** The api's origin, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** An agent key (`mk_…`) or an operator session token; omit it only to sign in. */
  apiKey?: string;
  fetch?: typeof fetch;
}

type Trpc = TRPCClient<AppRouter>;
type In<F extends (input: never, ...rest: never[]) => unknown> = Parameters<F>[0];
type WriteInput = In<Trpc["memories"]["write"]["mutate"]>;
type Ns = { namespaceId?: string };

/**
 * Typed calls over tRPC (superjson, so dates stay dates). Fetch only: works in Node and the
 * browser. Failures throw `MemroApiError` with the server's stable code.
 */
export function createMemroClient(opts: MemroClientOptions) {
  const trpc: Trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${opts.url.replace(/\/$/, "")}/trpc`,
        transformer: superjson,
        headers: (): Record<string, string> =>
          opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {},
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    ],
  });
  const t = trpc;

  const memories = {
    write: (memory: WriteInput["memory"], o: Ns = {}) =>
      call(() => t.memories.write.mutate({ memory, ...o })) as Promise<WriteResult>,
    get: (id: string, o: Ns = {}) => call(() => t.memories.get.query({ id, ...o })) as Promise<Memory>,
    list: (input: In<Trpc["memories"]["list"]["query"]> = {}) =>
      call(() => t.memories.list.query(input)) as Promise<MemoryPage>,
    search: (input: In<Trpc["memories"]["search"]["query"]>) =>
      call(() => t.memories.search.query(input)) as Promise<SearchHit[]>,
    update: (input: In<Trpc["memories"]["update"]["mutate"]>) =>
      call(() => t.memories.update.mutate(input)) as Promise<MutationResult>,
    delete: (id: string, o: Ns & { reason?: string } = {}) =>
      call(() => t.memories.delete.mutate({ id, ...o })) as Promise<MutationResult>,
    lineage: (id: string, o: Ns = {}) =>
      call(() => t.memories.lineage.query({ id, ...o })) as Promise<Lineage>,
  };

  const promotions = {
    propose: (input: In<Trpc["promotions"]["propose"]["mutate"]>) =>
      call(() => t.promotions.propose.mutate(input)) as Promise<Promotion>,
    list: (input: In<Trpc["promotions"]["list"]["query"]> = {}) =>
      call(() => t.promotions.list.query(input)) as Promise<PromotionList>,
    withdraw: (id: string, reason?: string) =>
      call(() => t.promotions.withdraw.mutate({ id, reason })) as Promise<Promotion>,
  };

  const runs = {
    start: (input: In<Trpc["runs"]["start"]["mutate"]>) =>
      call(() => t.runs.start.mutate(input)) as Promise<{ run: Run; pack: ContextPack }>,
    logStep: (runId: string, step: Omit<In<Trpc["runs"]["logStep"]["mutate"]>, "runId">) =>
      call(() => t.runs.logStep.mutate({ runId, ...step })),
    finish: (runId: string, result: Omit<In<Trpc["runs"]["finish"]["mutate"]>, "runId">) =>
      call(() => t.runs.finish.mutate({ runId, ...result })) as Promise<Run>,
    /** Raise a checkpoint; the run waits until an operator decides (see `waitForDecision`). */
    checkpoint: (runId: string, cp: Omit<In<Trpc["runs"]["raiseCheckpoint"]["mutate"]>, "runId">) =>
      call(() => t.runs.raiseCheckpoint.mutate({ runId, ...cp })) as Promise<Checkpoint>,
    getCheckpoint: (checkpointId: string) =>
      call(() => t.runs.checkpoint.query({ checkpointId })) as Promise<Checkpoint>,
    /**
     * Long-polls until the checkpoint is decided or `timeoutMs` passes (default 10 minutes),
     * in server waits of at most 25 s so proxies never cut the request.
     */
    async waitForDecision(
      checkpointId: string,
      o: { timeoutMs?: number; signal?: AbortSignal } = {},
    ): Promise<WaitResult> {
      const deadline = Date.now() + (o.timeoutMs ?? 600_000);
      for (;;) {
        o.signal?.throwIfAborted();
        const wait = Math.max(0, Math.min(25_000, deadline - Date.now()));
        const result = (await call(() =>
          t.runs.waitCheckpoint.mutate({ checkpointId, timeoutMs: wait }, { signal: o.signal }),
        )) as WaitResult;
        if (!result.timedOut || Date.now() >= deadline) return result;
      }
    },
  };

  return { memories, promotions, runs, lineage: memories.lineage, trpc };
}

export type MemroClient = ReturnType<typeof createMemroClient>;
