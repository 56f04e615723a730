import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Times searches over HTTP from a client process of its own (`search-client.mjs`), one at a
 * time, as an agent on the same machine would send them; returns each timed one's milliseconds.
 */
export function searchOverHttp(
  url: string,
  key: string,
  warmup: string[],
  timed: string[],
): Promise<number[]> {
  const client = spawn(process.execPath, [fileURLToPath(new URL("./search-client.mjs", import.meta.url))], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  client.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  client.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  client.stdin.end(JSON.stringify({ url, key, warmup, timed }));
  return new Promise((resolve, reject) => {
    client.on("error", reject);
    client.on("close", (code) => {
      if (code !== 0) {
        const reason = err.match(/Error: (.*)/)?.[1] ?? err.trim().slice(-300);
        return reject(new Error(`search client exited with ${code}: ${reason}`));
      }
      resolve((JSON.parse(out) as { ms: number[] }).ms);
    });
  });
}
