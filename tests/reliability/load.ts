import { call } from "./client.js";

export interface LoadOptions {
  url: string;
  namespaceId: string;
  operatorToken: string;
  agents: { id: string; key: string }[];
  seconds: number;
  /** While the api is being killed on purpose, failed connections are expected, not errors. */
  tolerateOutage?: () => boolean;
}

export interface LoadResult {
  ops: number;
  seconds: number;
  acknowledgedWrites: string[];
  unexpected: string[];
  outageErrors: number;
  latency: Record<string, number[]>;
}

/**
 * N agents each loop for T seconds over a mixed workload — writes (50%), searches (30%),
 * and runs that raise a checkpoint which an operator loop approves (20%) — over real HTTP.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const deadline = Date.now() + o.seconds * 1000;
  const result: LoadResult = {
    ops: 0,
    seconds: o.seconds,
    acknowledgedWrites: [],
    unexpected: [],
    outageErrors: 0,
    latency: {},
  };
  const timed = async <T>(kind: string, f: () => Promise<T>): Promise<T | undefined> => {
    const t0 = performance.now();
    try {
      const value = await f();
      const list = result.latency[kind] ?? [];
      list.push(performance.now() - t0);
      result.latency[kind] = list;
      result.ops += 1;
      return value;
    } catch (error) {
      if (o.tolerateOutage?.()) result.outageErrors += 1;
      else result.unexpected.push(`${kind}: ${String(error).slice(0, 200)}`);
      return undefined;
    }
  };
  const expectOk = async (r: Promise<{ status: number; body: unknown }>, kind: string) => {
    const res = await r;
    if (res.status >= 300)
      throw new Error(`${kind} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    return res.body as Record<string, unknown>;
  };

  let running = true;
  const operator = (async () => {
    while (running) {
      await timed("approve", async () => {
        const list = await expectOk(
          call(o.url, "POST", "/checkpoints/list", o.operatorToken, {
            namespaceId: o.namespaceId,
            status: "pending",
          }),
          "list checkpoints",
        );
        for (const cp of list as unknown as { id: string }[]) {
          const r = await call(o.url, "POST", `/checkpoints/${cp.id}/decide`, o.operatorToken, {
            decision: "approve",
            note: "load",
          });
          if (r.status >= 300 && r.status !== 409) throw new Error(`decide → ${r.status}`);
        }
      });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  await Promise.all(
    o.agents.map(async (agent, a) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const r = Math.random();
        if (r < 0.5) {
          const body = await timed("write", () =>
            expectOk(
              call(o.url, "POST", "/memories", agent.key, {
                memory: {
                  tier: "episodic",
                  content: `agent ${a} observation ${i}: queue depth ${i % 17}`,
                  data: { episode: `a${a}`, position: i },
                },
              }),
              "write",
            ),
          );
          const memory = body?.memory as { id?: string } | undefined;
          if (memory?.id) result.acknowledgedWrites.push(memory.id);
        } else if (r < 0.8) {
          await timed("search", () =>
            expectOk(
              call(o.url, "POST", "/memories/search", agent.key, { query: `queue depth ${i % 17}`, k: 5 }),
              "search",
            ),
          );
        } else {
          await timed("run", async () => {
            const started = await expectOk(
              call(o.url, "POST", "/runs", agent.key, { task: `drain queue ${i % 5}` }),
              "start run",
            );
            const runId = (started.run as { id: string }).id;
            const cp = await expectOk(
              call(o.url, "POST", `/runs/${runId}/checkpoints`, agent.key, {
                label: "go ahead?",
                payload: { i },
              }),
              "raise",
            );
            await expectOk(
              call(o.url, "POST", `/checkpoints/${(cp as { id: string }).id}/wait`, agent.key, {
                timeoutMs: 10_000,
              }),
              "wait",
            );
            await expectOk(
              call(o.url, "POST", `/runs/${runId}/finish`, agent.key, { outcome: "succeeded" }),
              "finish",
            );
          });
        }
      }
    }),
  );
  running = false;
  await operator;
  return result;
}

export function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99) };
}
