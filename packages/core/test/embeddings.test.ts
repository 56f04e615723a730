import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cosine,
  createEmbeddingProvider,
  MiniLmProvider,
  OpenAICompatibleProvider,
  USE_LITE_MAX_CHARS,
  UseLiteProvider,
} from "../src/embeddings/index.js";

const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

/** Embeds 300 sentences while a 10 ms timer runs: in a worker thread the loop keeps ticking. */
async function expectEventLoopFree(provider: { embed(texts: string[]): Promise<Float32Array[]> }) {
  const texts = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} about topic ${i % 13}.`);
  let ticks = 0;
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 10);
  const started = performance.now();
  try {
    await provider.embed(texts);
  } finally {
    clearInterval(timer);
  }
  const elapsed = performance.now() - started;
  // In-thread embedding would block the timer for the whole call (one tick at most). In worker
  // threads the loop keeps ticking; on a loaded machine the gaps vary, so only that is asserted.
  expect(ticks).toBeGreaterThan(Math.min(5, elapsed / 10 / 4));
  expect(maxGap).toBeLessThan(elapsed);
}

describe("MiniLmProvider (the default model)", () => {
  // Two threads, as the api's default: batches then run on the two-thread session and single
  // texts on the one-thread one, so the comparisons below check that both give the same vectors.
  const provider = new MiniLmProvider({ threads: 2, batchSize: 8 });
  afterAll(() => provider.close());

  it("returns 384-d unit vectors, in input order across batches", async () => {
    const texts = Array.from(
      { length: 20 },
      (_, i) => `Note ${i}: the meeting about project ${i * 7} moved.`,
    );
    const batch = await provider.embed(texts);
    expect(provider.modelId).toBe("all-minilm-l6-v2-q4");
    expect(batch).toHaveLength(20);
    for (const v of batch) {
      expect(v.length).toBe(384);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    for (const i of [0, 7, 8, 19]) {
      const [single] = await provider.embed([texts[i]!]);
      expect(cosine(batch[i]!, single!)).toBeGreaterThan(0.999);
    }
    expect(await provider.embed([])).toEqual([]);
  });

  it("pools only a text's own word pieces: padding in a batch leaves its vector as alone", async () => {
    const long = "The quarterly planning meeting for the harbour project moved to next Thursday afternoon.";
    const [shortInBatch, longInBatch] = await provider.embed(["hi", long]);
    const [shortAlone] = await provider.embed(["hi"]);
    const [longAlone] = await provider.embed([long]);
    expect(cosine(shortInBatch!, shortAlone!)).toBeGreaterThan(0.9999);
    expect(cosine(longInBatch!, longAlone!)).toBeGreaterThan(0.9999);
  });

  it("scores close sentences above unrelated ones", async () => {
    const [puppy, dog, stocks] = await provider.embed([
      "I adopted a puppy last week",
      "We recently got a new dog",
      "The stock market fell sharply today",
    ]);
    expect(cosine(puppy!, dog!)).toBeGreaterThan(cosine(puppy!, stocks!) + 0.3);
  });

  it("embeds empty and very long texts (cut at the model's 256 word pieces)", async () => {
    const [empty, blank] = await provider.embed(["", "   "]);
    expect(norm(empty!)).toBeCloseTo(1, 4);
    expect(cosine(empty!, blank!)).toBeGreaterThan(0.999);
    const long = "Memory systems for agents need governance. ".repeat(3000);
    const [full, cut] = await provider.embed([long, long.slice(0, 2000)]);
    expect(cosine(full!, cut!)).toBeGreaterThan(0.999);
  });

  // onnxruntime-node runs a model on the calling thread: the provider must call it from a worker.
  it("keeps the event loop free while embedding", () => expectEventLoopFree(provider));

  it("embeds in a provider opened after another closed (onnxruntime cannot load twice in a process)", async () => {
    const first = new MiniLmProvider({ threads: 2 });
    const [a] = await first.embed(["the same sentence"]);
    await first.close();
    const second = new MiniLmProvider({ threads: 2 });
    const [b] = await second.embed(["the same sentence"]);
    await second.close();
    expect(cosine(a!, b!)).toBeGreaterThan(0.9999);
  });

  it("rejects after close", async () => {
    const p = new MiniLmProvider({ threads: 1 });
    await p.warmup();
    await p.close();
    await expect(p.embed(["x"])).rejects.toThrow(/closed/);
  });
});

describe("UseLiteProvider", () => {
  const provider = new UseLiteProvider({ workers: 2 });
  afterAll(() => provider.close());

  it("returns 512-d unit vectors", async () => {
    const vectors = await provider.embed(["hello world", "The quick brown fox"]);
    expect(provider.modelId).toBe("use-lite-512");
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(512);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    expect(await provider.embed([])).toEqual([]);
  });

  it("scores close sentences above unrelated ones", async () => {
    const [cat, kitten, tax] = await provider.embed([
      "The cat sat on the mat",
      "A kitten is sitting on a rug",
      "Quarterly tax filing deadline",
    ]);
    expect(cosine(cat!, kitten!)).toBeGreaterThan(cosine(cat!, tax!) + 0.1);
    expect(cosine(cat!, kitten!)).toBeGreaterThan(cosine(kitten!, tax!) + 0.1);
  });

  it("keeps order across batches and workers", async () => {
    const texts = Array.from(
      { length: 100 },
      (_, i) => `Note ${i}: the meeting about project ${i * 7} moved.`,
    );
    const batch = await provider.embed(texts);
    expect(batch).toHaveLength(100);
    for (const i of [0, 31, 32, 63, 64, 99]) {
      const [single] = await provider.embed([texts[i]!]);
      expect(cosine(batch[i]!, single!)).toBeGreaterThan(0.9999);
    }
  });

  it("handles empty, whitespace and very long texts", async () => {
    // The raw model drops trailing empty rows and throws on an all-empty batch.
    const vectors = await provider.embed(["a", "", "  ", ""]);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 4);
    expect((await provider.embed([""]))[0]!.length).toBe(512);

    const long = "Memory systems for agents need governance. ".repeat(3000);
    const started = performance.now();
    const [full, cut] = await provider.embed([long, long.slice(0, USE_LITE_MAX_CHARS)]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(cosine(full!, cut!)).toBeGreaterThan(0.9999);
  });

  it("keeps the event loop free while embedding", () => expectEventLoopFree(provider));

  it("rejects after close", async () => {
    const p = new UseLiteProvider({ workers: 1 });
    await p.warmup();
    await p.close();
    await expect(p.embed(["x"])).rejects.toThrow(/closed/);
  });
});

describe("UseLiteProvider worker failures", () => {
  const dir = mkdtempSync(join(tmpdir(), "memro-emb-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const workerFile = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, `import { parentPort } from "node:worker_threads";\n${body}\n`);
    return pathToFileURL(file);
  };

  const cases: Array<[string, string, RegExp]> = [
    [
      "posted error",
      `parentPort.postMessage({ ready: true });
       parentPort.on("message", ({ id }) => parentPort.postMessage({ id, error: "boom" }));`,
      /embedding failed: boom/,
    ],
    [
      "uncaught exception",
      `parentPort.postMessage({ ready: true });
       parentPort.on("message", () => { throw new Error("kaboom"); });`,
      /crashed: kaboom/,
    ],
    [
      "exit",
      `parentPort.postMessage({ ready: true });
       parentPort.on("message", () => process.exit(3));`,
      /exited with code 3/,
    ],
    ["failure at start", `throw new Error("cannot load");`, /crashed: cannot load/],
  ];

  it("runs batches on all workers at once", async () => {
    // Each fake worker takes 300 ms per batch: 4 batches on 2 workers take ~600 ms, not ~1200 ms.
    const slow = workerFile(
      "slow.mjs",
      `parentPort.postMessage({ ready: true });
       parentPort.on("message", ({ id, texts }) =>
         setTimeout(() => parentPort.postMessage({ id, vectors: new Float32Array(texts.length * 512) }), 300));`,
    );
    const p = new UseLiteProvider({ workers: 2, batchSize: 2, workerUrl: slow });
    try {
      await p.warmup();
      const started = performance.now();
      expect(await p.embed(["a", "b", "c", "d", "e", "f", "g", "h"])).toHaveLength(8);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await p.close();
    }
  });

  for (const [name, body, pattern] of cases) {
    it(`rejects instead of hanging on ${name}`, async () => {
      const p = new UseLiteProvider({ workers: 2, batchSize: 2, workerUrl: workerFile(`${name}.mjs`, body) });
      try {
        await expect(p.embed(["a", "b", "c", "d", "e", "f", "g"])).rejects.toThrow(pattern);
      } finally {
        await p.close();
      }
    });
  }
});

describe("OpenAICompatibleProvider", () => {
  const KEY = "sk-test-SECRET-1234567890";
  const DIMS = 8;
  const requests: Array<{ headers: IncomingHttpHeaders; body: { model: string; input: string[] } }> = [];
  let server: Server;
  let baseUrl: string;

  // Deterministic, deliberately non-unit vectors derived from the text.
  const vectorFor = (text: string) =>
    Array.from(
      { length: DIMS },
      (_, d) => ((text.charCodeAt(d % Math.max(text.length, 1)) || 1) * (d + 1)) % 97,
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const body = JSON.parse(raw);
        requests.push({ headers: req.headers, body });
        if (req.url !== "/v1/embeddings" || req.method !== "POST") {
          res.writeHead(404).end("not found");
        } else if (body.model === "fail") {
          res.writeHead(401, { "content-type": "application/json" });
          res.end(
            JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) + "x".repeat(500),
          );
        } else {
          // Reversed on purpose: clients must order by `index`.
          const data = body.input.map((t: string, index: number) => ({
            object: "embedding",
            index,
            embedding: vectorFor(t),
          }));
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ object: "list", data: data.reverse(), model: body.model }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("speaks the protocol, batches, orders by index and normalises", async () => {
    requests.length = 0;
    const p = new OpenAICompatibleProvider({
      baseUrl,
      model: "text-embedding-3-small",
      apiKey: KEY,
      batchSize: 3,
    });
    expect(p.modelId).toBe("openai:text-embedding-3-small");
    expect(p.dimensions).toBe(0);
    const texts = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
    const vectors = await p.embed(texts);

    expect(requests.map((r) => r.body.input.length)).toEqual([3, 3, 2]);
    expect(requests.flatMap((r) => r.body.input)).toEqual(texts);
    for (const r of requests) {
      expect(r.body.model).toBe("text-embedding-3-small");
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.headers["content-type"]).toBe("application/json");
    }
    expect(p.dimensions).toBe(DIMS);
    texts.forEach((t, i) => {
      const raw = vectorFor(t);
      const n = Math.hypot(...raw);
      expect(norm(vectors[i]!)).toBeCloseTo(1, 5);
      expect(Array.from(vectors[i]!)).toEqual(raw.map((x) => Math.fround(x / n)));
    });
    await p.close();
  });

  it("sends no Authorization header without a key", async () => {
    requests.length = 0;
    const p = createEmbeddingProvider({ kind: "openai", baseUrl, model: "m" });
    await p.embed(["one"]);
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it("reports HTTP errors clearly without leaking the key", async () => {
    const p = new OpenAICompatibleProvider({ baseUrl, model: "fail", apiKey: KEY });
    const err = await p.embed(["x"]).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/HTTP 401/);
    expect(err!.message).toMatch(/Incorrect API key provided/);
    expect(err!.message).not.toContain(KEY);
    expect(err!.message.length).toBeLessThan(400);
  });

  it("rejects vectors of the wrong size and unreachable servers", async () => {
    const wrong = new OpenAICompatibleProvider({ baseUrl, model: "m", dimensions: 16 });
    await expect(wrong.embed(["x"])).rejects.toThrow(/got 8 dimensions, expected 16/);
    const down = new OpenAICompatibleProvider({ baseUrl: "http://127.0.0.1:9/v1", model: "m", apiKey: KEY });
    await expect(down.embed(["x"])).rejects.toThrow(/127\.0\.0\.1:9\/v1\/embeddings failed/);
  });
});

describe("createEmbeddingProvider", () => {
  it("builds the configured provider", async () => {
    const p = createEmbeddingProvider({ kind: "use-lite", workers: 1 });
    expect(p).toBeInstanceOf(UseLiteProvider);
    expect(p.dimensions).toBe(512);
    await p.close();
    expect(cosine(new Float32Array([0.6, 0.8]), new Float32Array([0.6, 0.8]))).toBeCloseTo(1, 6);
  });
});
