"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface Series {
  key: string;
  label: string;
  color: string;
}

type Point = { t: number } & Record<string, unknown>;

export interface TimeSeriesChartProps {
  title: string;
  /** Names the chart's id prefix and the test hook. */
  id: string;
  points: Point[] | undefined;
  series: Series[];
  format: (value: number) => string;
  isPending: boolean;
  error: string | null;
  /** Ticks show the weekday for ranges over a day. */
  longRange?: boolean;
  yDomain?: [number, number];
  formatTime: (ms: number, long?: boolean) => string;
  height?: number;
}

// Stable colors with enough contrast on white, for up to four series.
export const CHART_COLORS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed"];

function valuesOf(points: Point[], key: string): number[] {
  return points.map((p) => p[key]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** One sentence a screen reader announces for the chart: latest and peak value of each series. */
export function chartSummary(title: string, points: Point[], series: Series[], format: (v: number) => string): string {
  const parts = series.map((s) => {
    const values = valuesOf(points, s.key);
    if (values.length === 0) return `${s.label}: no data`;
    return `${s.label}: latest ${format(values.at(-1)!)}, peak ${format(Math.max(...values))}`;
  });
  return `${title}, ${points.length} points. ${parts.join("; ")}.`;
}

/**
 * A line chart over time with loading, error and empty states. The chart itself is an image to
 * assistive technology (role="img" with a summary); the latest values are also in a visually
 * hidden table.
 */
export function TimeSeriesChart({ title, id, points, series, format, isPending, error, longRange = false, yDomain, formatTime, height = 220 }: TimeSeriesChartProps) {
  const hasData = points !== undefined && points.length > 0 && series.some((s) => valuesOf(points, s.key).length > 0);
  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`} data-chart={id} data-points={points?.length ?? 0}>
      <h2 id={`${id}-title`}>{title}</h2>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : isPending && !points ? (
        <p role="status" className="chart-placeholder">
          Loading {title.toLowerCase()}…
        </p>
      ) : !hasData ? (
        <p className="chart-placeholder muted" role="status">
          No data for this range yet.
        </p>
      ) : (
        <>
          <div role="img" aria-label={chartSummary(title, points!, series, format)} className="chart-frame">
            <ResponsiveContainer width="100%" height={height}>
              <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
                <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} scale="time" tickFormatter={(t: number) => formatTime(t, longRange)} minTickGap={40} fontSize={12} />
                <YAxis tickFormatter={(v: number) => format(v)} width={80} fontSize={12} domain={yDomain ?? [0, "auto"]} />
                <Tooltip labelFormatter={(t) => formatTime(Number(t), true)} formatter={(v) => (typeof v === "number" ? format(v) : String(v))} />
                {series.length > 1 ? <Legend /> : null}
                {series.map((s) => (
                  <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} dot={false} isAnimationActive={false} connectNulls strokeWidth={2} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="visually-hidden">
            <caption>{title}: latest values</caption>
            <tbody>
              {series.map((s) => {
                const values = valuesOf(points!, s.key);
                return (
                  <tr key={s.key}>
                    <th scope="row">{s.label}</th>
                    <td>{values.length ? format(values.at(-1)!) : "no data"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
