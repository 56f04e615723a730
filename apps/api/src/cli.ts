#!/usr/bin/env node
import { createWriteStream, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runBridge } from "./mcp/bridge.js";

const USAGE = `usage:
  memro mcp --url URL --key mk_…            stdio MCP bridge (env MEMRO_URL, MEMRO_API_KEY)
  memro audit verify --checkpoint FILE --url URL --token TOKEN
                                            verify a saved signed checkpoint (env MEMRO_URL, MEMRO_TOKEN)
  memro reindex --namespace ID --url URL --token TOKEN
                                            re-embed what another model made, with a progress bar
  memro backup export --namespace ID --out FILE --url URL --token TOKEN
  memro backup import --file FILE --url URL --token TOKEN
                                            a namespace as JSON lines, with progress (into an empty database)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`memro: ${message}\n`);
  process.exit(code);
}

const options = {
  url: { type: "string" },
  key: { type: "string" },
  token: { type: "string" },
  checkpoint: { type: "string" },
  namespace: { type: "string" },
  out: { type: "string" },
  file: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `--name value` as `--name=value` for options that take a value, so that a value starting
 * with a dash (one token in 64 does: base64url) is read as the value, not refused as an option.
 */
function bindOptionValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    const takesValue =
      name !== undefined &&
      Object.hasOwn(options, name) &&
      options[name as keyof typeof options].type === "string";
    if (takesValue && i + 1 < argv.length) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: bindOptionValues(argv),
    options,
    allowPositionals: true,
  });
  const url = values.url ?? process.env.MEMRO_URL;
  const command = positionals.join(" ");
  if (values.help || !command) return void process.stdout.write(`${USAGE}\n`);

  if (command === "mcp") {
    const key = values.key ?? process.env.MEMRO_API_KEY;
    if (!url || !key) fail("mcp needs --url and --key (or MEMRO_URL and MEMRO_API_KEY)");
    const bridge = await runBridge({ url, key });
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.on(signal, () => void bridge.close().then(() => process.exit(0)));
    return;
  }

  if (command === "reindex") {
    const token = values.token ?? process.env.MEMRO_TOKEN;
    if (!url || !token || !values.namespace) fail("reindex needs --namespace, --url and --token");
    return reindex(url, token, values.namespace);
  }

  if (command === "backup export" || command === "backup import") {
    const token = values.token ?? process.env.MEMRO_TOKEN;
    if (!url || !token) fail(`${command} needs --url and --token`);
    if (command === "backup export") {
      if (!values.namespace || !values.out) fail("backup export needs --namespace and --out");
      return backupExport(url, token, values.namespace, values.out);
    }
    if (!values.file) fail("backup import needs --file");
    return backupImport(url, token, values.file);
  }

  if (command === "audit verify") {
    const token = values.token ?? process.env.MEMRO_TOKEN;
    if (!url || !token || !values.checkpoint) fail("audit verify needs --checkpoint, --url and --token");
    const checkpoint = JSON.parse(readFileSync(values.checkpoint, "utf8")) as unknown;
    const res = await fetch(new URL("/api/v1/audit/checkpoints/verify", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ checkpoint }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      ok?: boolean;
      reason?: string;
      firstBadSeq?: number;
      message?: string;
    };
    if (!res.ok) fail(`verify failed: HTTP ${res.status} ${body.message ?? ""}`.trim(), 1);
    const cp = checkpoint as { namespaceId?: string; seq?: number };
    if (body.ok) process.stdout.write(`OK: audit log of ${cp.namespaceId} intact through seq ${cp.seq}\n`);
    else {
      const at = body.firstBadSeq !== undefined ? ` (first bad seq ${body.firstBadSeq})` : "";
      process.stdout.write(`FAILED: ${body.reason ?? "verification failed"}${at}\n`);
    }
    process.exit(body.ok ? 0 : 1);
  }

  fail(`unknown command '${command}'\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error), 1),
);

/** Streams the api's progress lines and draws them as a bar on stderr. */
async function reindex(url: string, token: string, namespaceId: string) {
  const res = await fetch(new URL(`/admin/reindex?namespaceId=${encodeURIComponent(namespaceId)}`, url), {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok || !res.body) fail(`reindex failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`, 1);
  await forEachLine<{ done?: number; total?: number; reindexed?: number; model?: string }>(res, (line) => {
    if (line.total !== undefined && line.done !== undefined) bar("reindex", line.done, line.total);
    else if (line.reindexed !== undefined) {
      process.stderr.write("\n");
      process.stdout.write(`reindexed ${line.reindexed} memories with ${line.model}\n`);
    }
  });
}

/** Calls `onLine` with each JSON line of a streamed response as it arrives. */
async function forEachLine<T>(res: Response, onLine: (line: T) => void) {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
      onLine(JSON.parse(buffer.slice(0, newline)) as T);
      buffer = buffer.slice(newline + 1);
    }
  }
}

function bar(label: string, done: number, total: number) {
  const width = 30;
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : width;
  process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
}

async function backupExport(url: string, token: string, namespaceId: string, out: string) {
  const res = await fetch(
    new URL(`/admin/backup/export?namespaceId=${encodeURIComponent(namespaceId)}`, url),
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    },
  );
  if (!res.ok || !res.body)
    fail(`backup export failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`, 1);
  const total = Number(res.headers.get("content-length") ?? 0);
  const file = createWriteStream(out);
  let done = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    done += chunk.length;
    if (!file.write(chunk)) await new Promise<void>((r) => file.once("drain", () => r()));
    bar("export (bytes)", done, total);
  }
  await new Promise<void>((r) => file.end(() => r()));
  process.stderr.write("\n");
  process.stdout.write(`wrote ${out} (${done} bytes)\n`);
}

async function backupImport(url: string, token: string, path: string) {
  const res = await fetch(new URL("/admin/backup/import", url), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
    body: readFileSync(path),
  });
  if (!res.ok || !res.body)
    fail(`backup import failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`, 1);
  let last: { namespaceId?: string; rows?: unknown } = {};
  await forEachLine<{ table?: string; done?: number; namespaceId?: string; rows?: unknown }>(res, (line) => {
    if (line.table) process.stderr.write(`\rrestoring ${line.table}: ${line.done} rows   `);
    else last = line;
  });
  process.stderr.write("\n");
  if (!last.namespaceId) fail("backup import ended without a result", 1);
  process.stdout.write(`imported namespace ${last.namespaceId}: ${JSON.stringify(last.rows)}\n`);
}
