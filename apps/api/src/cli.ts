#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runBridge } from "./mcp/bridge.js";

const USAGE = `usage:
  memro mcp --url URL --key mk_…            stdio MCP bridge (env MEMRO_URL, MEMRO_API_KEY)
  memro audit verify --checkpoint FILE --url URL --token TOKEN
                                            verify a saved signed checkpoint (env MEMRO_URL, MEMRO_TOKEN)
  memro reindex --namespace ID --url URL --token TOKEN
                                            re-embed what another model made, with a progress bar`;

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
  help: { type: "boolean", short: "h" },
} as const;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
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
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = JSON.parse(buffer.slice(0, newline)) as {
        done?: number;
        total?: number;
        reindexed?: number;
        model?: string;
      };
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (line.total !== undefined && line.done !== undefined) {
        const width = 30;
        const filled = line.total ? Math.round((line.done / line.total) * width) : width;
        process.stderr.write(
          `\rreindex [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${line.done}/${line.total}`,
        );
      } else if (line.reindexed !== undefined) {
        process.stderr.write("\n");
        process.stdout.write(`reindexed ${line.reindexed} memories with ${line.model}\n`);
      }
    }
  }
}
