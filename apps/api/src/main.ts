#!/usr/bin/env node
import { DatabaseStartError } from "@memro/db";
import { EnvError, loadEnv } from "./env.js";
import { startApi } from "./start.js";

/** `node dist/main.js`: the api process. Errors a person can fix are one line, not a stack. */
async function main() {
  const env = loadEnv();
  const api = await startApi(env);
  if (api.firstAdmin) {
    const lines = [`First admin operator: ${api.firstAdmin.email}`];
    if (api.firstAdmin.password) lines.push(`Password (shown once, change it): ${api.firstAdmin.password}`);
    process.stdout.write(`\n${lines.join("\n")}\n\n`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await api.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof DatabaseStartError) {
    process.stderr.write(`memro: ${error.message}\n`);
  } else {
    process.stderr.write(
      `memro: failed to start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`,
    );
  }
  process.exit(1);
});
