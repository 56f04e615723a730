/** A few Prometheus counters and a latency histogram, kept in process. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const requests = new Map<string, number>();
const histogram = new Map<string, number[]>();
const sums = new Map<string, number>();

export function observeRequest(route: string, status: number, seconds: number) {
  const key = `route="${route}",status="${status}"`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  const counts = histogram.get(route) ?? new Array(BUCKETS.length + 1).fill(0);
  const idx = BUCKETS.findIndex((b) => seconds <= b);
  counts[idx === -1 ? BUCKETS.length : idx] += 1;
  histogram.set(route, counts);
  sums.set(route, (sums.get(route) ?? 0) + seconds);
}

export function renderMetrics(extra: Record<string, number>): string {
  const lines = ["# TYPE memro_http_requests_total counter"];
  for (const [k, v] of requests) lines.push(`memro_http_requests_total{${k}} ${v}`);
  lines.push("# TYPE memro_http_request_duration_seconds histogram");
  for (const [route, counts] of histogram) {
    let cumulative = 0;
    BUCKETS.forEach((b, i) => {
      cumulative += counts[i]!;
      lines.push(`memro_http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${cumulative}`);
    });
    cumulative += counts[BUCKETS.length]!;
    lines.push(`memro_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${cumulative}`);
    lines.push(`memro_http_request_duration_seconds_sum{route="${route}"} ${sums.get(route) ?? 0}`);
    lines.push(`memro_http_request_duration_seconds_count{route="${route}"} ${cumulative}`);
  }
  for (const [name, value] of Object.entries(extra)) {
    lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
  }
  return `${lines.join("\n")}\n`;
}
