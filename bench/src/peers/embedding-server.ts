import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmbeddingProvider } from "@memro/core";

/** A local OpenAI-compatible `/v1/embeddings` endpoint over our embedding model, for peers that only speak HTTP. */
export async function startEmbeddingServer(
  provider: EmbeddingProvider,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/embeddings")) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            input: string | string[];
            model?: string;
          };
          const texts = Array.isArray(body.input) ? body.input : [body.input];
          const vectors = await provider.embed(texts);
          const data = vectors.map((v, index) => ({ object: "embedding", index, embedding: Array.from(v) }));
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              object: "list",
              data,
              model: body.model ?? provider.modelId,
              usage: { prompt_tokens: 0, total_tokens: 0 },
            }),
          );
        } catch (err) {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: String(err) } }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
