// The benchmark's HTTP client, in its own process as an agent would be: timing searches from
// the api's own process put the client's work (fetch, parsing the reply, its garbage) on the
// server's event loop. Plain JavaScript, so it starts with node alone.
// stdin: {"url", "key", "warmup": [query...], "timed": [query...]}; stdout: {"ms": [...]}.
import http from "node:http";

const input = JSON.parse(
  await new Promise((resolve) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
  }),
);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL("/api/v1/memories/search", input.url);

/** One search, resolved when its whole reply has arrived; a non-2xx reply is an error. */
function search(query) {
  const body = JSON.stringify({ query, k: 10 });
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${input.key}`,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode >= 200 && res.statusCode < 300) return resolve();
          reject(
            new Error(
              `search failed with ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`,
            ),
          );
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

for (const query of input.warmup) await search(query);
const ms = [];
for (const query of input.timed) {
  const t0 = performance.now();
  await search(query);
  ms.push(performance.now() - t0);
}
agent.destroy();
process.stdout.write(JSON.stringify({ ms }));
