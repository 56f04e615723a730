"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ROW_TIERS } from "@/lib/types";

const COLORS: Record<string, string> = {
  vector: "#4fc3f7",
  episodic: "#ffb74d",
  knowledge: "#81c784",
  skills: "#ba68c8",
  graph: "#e57373",
};

/** Writes per minute, stacked by tier, over the last `minutes` minutes (empty minutes included). */
export function WritesChart({
  rows,
  minutes,
}: {
  rows: { minute: string; tier: string; writes: number }[];
  minutes: number;
}) {
  const now = Date.now();
  const start = Math.floor(now / 60_000) * 60_000 - (minutes - 1) * 60_000;
  const byMinute = new Map<string, Record<string, number | string>>();
  for (let t = start; t <= now; t += 60_000) {
    const key = new Date(t).toISOString().slice(0, 16);
    byMinute.set(key, { minute: key.slice(11) });
  }
  for (const r of rows) {
    const key = r.minute.slice(0, 16);
    const slot = byMinute.get(key) ?? { minute: key.slice(11) };
    slot[r.tier] = ((slot[r.tier] as number | undefined) ?? 0) + r.writes;
    byMinute.set(key, slot);
  }
  const data = [...byMinute.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return (
    <figure className="card chart" aria-label="Writes per minute per tier">
      <figcaption>Writes per minute (UTC)</figcaption>
      <div style={{ width: "100%", height: 240 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3340" />
            <XAxis dataKey="minute" stroke="#8a97a8" fontSize={11} />
            <YAxis allowDecimals={false} stroke="#8a97a8" fontSize={11} />
            <Tooltip contentStyle={{ background: "#141a22", border: "1px solid #2a3340" }} />
            <Legend />
            {ROW_TIERS.map((tier) => (
              <Bar key={tier} dataKey={tier} stackId="w" fill={COLORS[tier]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
