"use client";

import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";

/** A small trend line for a health card; decorative beside the number it accompanies, so it carries a short label. */
export function Sparkline({ values, label, color = "#1d4ed8", max }: { values: Array<number | null>; label: string; color?: string; max?: number }) {
  const data = values.map((v, i) => ({ i, v }));
  if (values.filter((v) => v !== null).length < 2) return <p className="muted sparkline-empty">Collecting data…</p>;
  return (
    <div role="img" aria-label={label} className="sparkline">
      <ResponsiveContainer width="100%" height={40}>
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={[0, max ?? "auto"]} />
          <Line type="monotone" dataKey="v" stroke={color} dot={false} isAnimationActive={false} connectNulls strokeWidth={1.5} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
