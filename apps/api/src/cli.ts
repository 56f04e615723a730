#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runBridge } from "./mcp/bridge.js";

const USAGE = `usage:
  memro mcp --url URL --key mk_…            stdio MCP bridge (env MEMRO_URL, MEMRO_API_KEY)
  memro audit verify --checkpoint FILE --url URL --token TOKEN
                                            verify a saved signed checkpoint (env MEMRO_URL, MEMRO_TOKEN)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`memro: ${message}\n`);
  process.exit(code);
}

const options = {
  url: { type: "string" },
  key: { type: "string" },
  token: { type: "string" },
  checkpoint: { type: "string" },
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
