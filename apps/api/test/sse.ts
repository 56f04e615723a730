/** A minimal SSE reader over fetch: yields parsed `audit` events, remembers comments. */
export interface SseStream {
  status: number;
  comments: string[];
  /** Resolves with the first event matching `pred` (rejects after `ms`). */
  next(pred: (e: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  events: Record<string, unknown>[];
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const events: Record<string, unknown>[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let connected!: () => void;
  const ready = new Promise<void>((ok) => (connected = ok));
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block
              .split("\n")
              .filter((l) => {
                if (l.startsWith(":")) {
                  comments.push(l.slice(1).trim());
                  if (l.includes("connected")) connected();
                }
                return l.startsWith("data:");
              })
              .map((l) => l.slice(5).trim())
              .join("\n");
            if (data) events.push(JSON.parse(data) as Record<string, unknown>);
            for (const w of waiters) w();
          }
        }
      } catch {
        // aborted
      }
    })();
    await ready;
  }
  return {
    status: res.status,
    comments,
    events,
    next(pred, ms = 10_000) {
      return new Promise((ok, fail) => {
        const check = () => {
          const hit = events.find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            ok(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(
            new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events.map((e) => e.action))}`),
          );
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
