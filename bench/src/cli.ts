import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadLocomo } from "./locomo.js";
import { loadLongMemEval } from "./longmemeval.js";
import { formatTable, toJson } from "./report.js";
import { runRetrieval, type SystemResult } from "./run-retrieval.js";
import { DEFAULT_SYSTEMS, SYSTEMS } from "./systems.js";

/** The monorepo root: the nearest ancestor holding pnpm-workspace.yaml. */
export function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      format: { type: "string", default: "locomo" },
      json: { type: "string" },
      systems: { type: "string", default: DEFAULT_SYSTEMS.join(",") },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(
      `usage: retrieval [--data FILE] [--format locomo|longmemeval] [--json FILE] [--systems ${Object.keys(SYSTEMS).join(",")}]\n`,
    );
    return;
  }
  const format = values.format;
  if (format !== "locomo" && format !== "longmemeval") throw new Error(`unknown --format ${format}`);
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const data = values.data ? resolve(values.data) : join(root, "..", "shared", "bench", "locomo10.json");
  const dataset = format === "locomo" ? loadLocomo(data) : loadLongMemEval(data);
  const names = values.systems
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!SYSTEMS[n]) throw new Error(`unknown system ${n}; known: ${Object.keys(SYSTEMS).join(", ")}`);

  const results: SystemResult[] = [];
  const skipped: Record<string, string> = {};
  const seconds: Record<string, number> = {};
  for (const n of names) {
    const started = Date.now();
    try {
      const result = await runRetrieval(dataset, SYSTEMS[n]!());
      results.push(result);
      seconds[n] = (Date.now() - started) / 1000;
      process.stdout.write(
        `${formatTable(dataset.name, result.name, result.aggregate)}\n(${seconds[n]!.toFixed(0)} s)\n\n`,
      );
    } catch (err) {
      // A peer that cannot run here is reported in one line; the others still run.
      skipped[n] = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
      process.stdout.write(`== ${n}: not run — ${skipped[n]}\n\n`);
    }
  }
  if (values.json) {
    const report = { ...(toJson(dataset.name, results) as object), seconds, skipped };
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  }
}

// Exit once the report is flushed: worker threads or child processes of a peer must not hold the run open.
const exit = () => process.stdout.write("", () => process.exit(process.exitCode ?? 0));
main().then(exit, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
  exit();
});
