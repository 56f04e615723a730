import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { type Core, exportNamespace, importNamespace, MemroError } from "@memro/core";
import { authenticate } from "../http/authenticate.js";

/**
 * `POST /admin/backup/export?namespaceId=…` answers the namespace as JSON lines (with a
 * content-length, so a client can draw a bar); `POST /admin/backup/import` takes such a
 * file as the body and streams progress lines, ending with `{"namespaceId","rows"}`.
 * Admins only (the core checks); the api stays the one process that opens the database.
 */
export function backupRoute(core: Core) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/admin/backup/export" && url.pathname !== "/admin/backup/import") return false;
    if (req.method !== "POST") throw new MemroError("BAD_REQUEST", "use POST");
    const { actor } = await authenticate(core, req);
    if (!actor) throw new MemroError("UNAUTHORIZED", "missing credentials");
    const dir = mkdtempSync(join(tmpdir(), "memro-backup-"));
    const file = join(dir, "namespace.jsonl");
    try {
      if (url.pathname.endsWith("/export")) {
        const namespaceId = url.searchParams.get("namespaceId") ?? "";
        if (!/^[0-9a-f-]{36}$/i.test(namespaceId))
          throw new MemroError("BAD_REQUEST", "namespaceId is required");
        await exportNamespace(core, actor, namespaceId, file);
        res.writeHead(200, {
          "content-type": "application/x-ndjson",
          "content-length": String(statSync(file).size),
        });
        await pipeline(createReadStream(file), res);
      } else {
        await pipeline(req, createWriteStream(file));
        // The status line waits for the first progress, so a refusal (409, 400) is still a status.
        const send = (value: unknown) => {
          if (!res.headersSent) res.writeHead(200, { "content-type": "application/x-ndjson" });
          res.write(`${JSON.stringify(value)}\n`);
        };
        const result = await importNamespace(core, actor, file, (table, done) => send({ table, done }));
        send(result);
        res.end();
      }
      return true;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
