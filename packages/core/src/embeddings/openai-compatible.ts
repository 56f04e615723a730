import { type EmbeddingProvider, toUnitVector } from "./provider.js";

export interface OpenAICompatibleOptions {
  /** e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1"; `/embeddings` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Expected vector length. Checked, not sent (many compatible servers reject the field). */
  dimensions?: number;
  /** Texts per request. Default 64. */
  batchSize?: number;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: number; embedding?: unknown }>;
}

/** Any server speaking the OpenAI embeddings protocol (OpenAI, Azure-style proxies, Ollama, vLLM, ...). */
export class OpenAICompatibleProvider implements EmbeddingProvider {
  readonly modelId: string;
  private readonly url: string;
  private readonly model: string;
  private readonly apiKey: string | undefined;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private dims: number | undefined;
  private closed = false;

  constructor(options: OpenAICompatibleOptions) {
    if (!options.baseUrl) throw new Error("OpenAICompatibleProvider: baseUrl is required");
    if (!options.model) throw new Error("OpenAICompatibleProvider: model is required");
    this.url = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
    this.model = options.model;
    this.modelId = `openai:${options.model}`;
    this.apiKey = options.apiKey || undefined;
    this.dims = options.dimensions;
    this.batchSize = options.batchSize ?? 64;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error("OpenAICompatibleProvider: batchSize must be a positive integer");
    }
  }

  /** From config, else learned from the first response; 0 until then. */
  get dimensions(): number {
    return this.dims ?? 0;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error("OpenAICompatibleProvider is closed");
    const out: Float32Array[] = [];
    // Sequential batches: gentler on rate limits than firing them all at once.
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.request(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: this.model, input }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : err;
      throw new Error(`Embeddings request to ${this.url} failed: ${this.redact(String(cause))}`);
    }
    if (!res.ok) {
      const body = await res.text().catch(() => "");
      throw new Error(
        `Embeddings request to ${this.url} failed: HTTP ${res.status} ${res.statusText}: ${this.redact(body).slice(0, 200)}`,
      );
    }
    const json = (await res.json().catch(() => null)) as EmbeddingsResponse | null;
    const data = json?.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new Error(
        `Embeddings response from ${this.url} has ${Array.isArray(data) ? data.length : "no"} items for ${input.length} inputs`,
      );
    }
    const rows: Float32Array[] = new Array(input.length);
    data.forEach((item, pos) => {
      const index = item.index ?? pos;
      const emb = item.embedding;
      if (
        !Array.isArray(emb) ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= input.length ||
        rows[index]
      ) {
        throw new Error(`Embeddings response from ${this.url} has a malformed item at position ${pos}`);
      }
      this.dims ??= emb.length;
      if (emb.length !== this.dims) {
        throw new Error(
          `Embeddings response from ${this.url}: got ${emb.length} dimensions, expected ${this.dims}`,
        );
      }
      rows[index] = toUnitVector(emb as number[]);
    });
    return rows;
  }

  /** Some servers echo the key in error bodies; never let it reach logs. */
  private redact(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join("***") : text;
  }
}
