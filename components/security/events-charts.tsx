"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { AuditStats } from "@/lib/audit/stats";
import { LEVEL_COLORS, LEVELS, TYPE_COLORS } from "./level-colors";
import styles from "./security.module.css";

const hour = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const MAX_TYPES = 6;

/** Events per hour by threat level (stacked areas). */
export function EventsByLevelChart({ stats }: { stats: AuditStats }) {
  const data = stats.buckets.map((b) => ({ time: hour.format(new Date(b.start)), ...b.byLevel }));
  return (
    <figure className={`card ${styles.chartCard}`} aria-labelledby="chart-level-title">
      <figcaption id="chart-level-title"><h2>Events by threat level, last 24 hours</h2></figcaption>
      <AreaChart responsive className={styles.chart} data={data} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="time" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {LEVELS.map((level) => (
          <Area key={level} type="monotone" dataKey={level} stackId="level" stroke={LEVEL_COLORS[level]} fill={LEVEL_COLORS[level]} isAnimationActive={false} />
        ))}
      </AreaChart>
    </figure>
  );
}

/** Events per hour by type (stacked bars): the busiest types by name, the rest as "other". */
export function EventsByTypeChart({ stats }: { stats: AuditStats }) {
  const totals = new Map<string, number>();
  for (const b of stats.buckets) for (const [type, n] of Object.entries(b.byType)) totals.set(type, (totals.get(type) ?? 0) + n);
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_TYPES).map(([type]) => type);
  const hasOther = totals.size > top.length;
  const data = stats.buckets.map((b) => {
    const row: Record<string, string | number> = { time: hour.format(new Date(b.start)) };
    let other = 0;
    for (const [type, n] of Object.entries(b.byType)) {
      if (top.includes(type)) row[type] = n;
      else other += n;
    }
    if (hasOther) row.other = other;
    return row;
  });
  const series = hasOther ? [...top, "other"] : top;
  return (
    <figure className={`card ${styles.chartCard}`} aria-labelledby="chart-type-title">
      <figcaption id="chart-type-title"><h2>Events by type, last 24 hours</h2></figcaption>
      {series.length === 0 ? <p className="muted">No events in the last 24 hours.</p> : null}
      <BarChart responsive className={styles.chart} data={data} accessibilityLayer>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="time" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {series.map((type, i) => (
          <Bar key={type} dataKey={type} stackId="type" fill={TYPE_COLORS[i % TYPE_COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </figure>
  );
}
