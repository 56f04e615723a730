import type { IncomingMessage, ServerResponse } from "node:http";
import { type Core, MemroError, reindexNamespace } from "@memro/core";
import { authenticate } from "../http/authenticate.js";

/**
 * `POST /admin/reindex?namespaceId=…` (admin): re-embeds what another model made and streams
 * progress as JSON lines `{"done","total"}`, ending with `{"reindexed","model"}`, so a CLI or
 * the console can draw a bar for a long job.
 */
export function reindexRoute(core: Core) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/admin/reindex") return false;
    if (req.method !== "POST") throw new MemroError("BAD_REQUEST", "use POST");
    const { actor } = await authenticate(core, req);
    if (!actor) throw new MemroError("UNAUTHORIZED", "missing credentials");
    const namespaceId = url.searchParams.get("namespaceId");
    if (!namespaceId || !/^[0-9a-f-]{36}$/i.test(namespaceId))
      throw new MemroError("BAD_REQUEST", "namespaceId is required");
    let started = false;
    const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
    const result = await reindexNamespace(core, actor, namespaceId, (done, total) => {
      if (!started) {
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        started = true;
      }
      line({ done, total });
    });
    line(result);
    res.end();
    return true;
  };
}
