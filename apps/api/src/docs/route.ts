import type { IncomingMessage, ServerResponse } from "node:http";
import { openApiDocument } from "../http/server.js";
import { type OpenApiDoc, renderDocsPage } from "./render.js";

/** `GET /api/docs`: the API reference, rendered once from the OpenAPI document. */
export function docsRoute(version: string) {
  let html: string | undefined;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/api/docs" && path !== "/api/docs/") return false;
    html ??= renderDocsPage(openApiDocument(version) as unknown as OpenApiDoc);
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(html);
    return true;
  };
}
