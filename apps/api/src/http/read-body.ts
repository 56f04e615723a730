import type { IncomingMessage } from "node:http";
import { MemroError } from "@memro/core";

/** Reads a JSON body up to `limit` bytes (413 past it, 400 when it is not JSON). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new MemroError("PAYLOAD_TOO_LARGE", `body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new MemroError("BAD_REQUEST", "body is not valid JSON");
  }
}
