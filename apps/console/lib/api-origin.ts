/** Where the API listens. Read on every request (never baked in at build time). */
export function apiOrigin(): string {
  return (process.env.MEMRO_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
}
