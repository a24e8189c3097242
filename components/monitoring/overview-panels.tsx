"use client";

import { errorMessage } from "../api/client";
import { Sparkline } from "../charts/sparkline";
import { Badge } from "../ui/badge";
import { formatBytes, formatMs, formatPercent } from "./format";
import type { ActiveAlert, SeriesPoint } from "./types";
import { usePerformanceStatus, useResourceUsage } from "./use-monitoring";

function alertValue(alert: ActiveAlert, value: number | null): string {
  if (alert.unit === "ratio") return formatPercent(value);
  if (alert.unit === "ms") return formatMs(value);
  return value === null ? "—" : String(Math.round(value));
}

function HealthCard({ title, value, detail, trend, trendLabel, max }: { title: string; value: string; detail?: string; trend?: Array<number | null>; trendLabel: string; max?: number }) {
  return (
    <section className="card health-card" aria-label={title}>
      <h2>{title}</h2>
      <p className="health-value">{value}</p>
      {detail ? <p className="muted">{detail}</p> : null}
      {trend ? <Sparkline values={trend} label={trendLabel} max={max} /> : null}
    </section>
  );
}

/** Admin overview: health cards with 5-minute sparklines, and the active alerts. */
export function OverviewPanels() {
  const status = usePerformanceStatus();
  const usage = useResourceUsage("5m", false);
  if (status.isPending) return <p role="status">Loading server health…</p>;
  if (status.isError) return <p className="alert alert-error" role="alert">{errorMessage(status.error)}</p>;
  const { resources, requests, alerts } = status.data;
  const points: SeriesPoint[] = usage.data?.points ?? [];
  const trend = (key: keyof SeriesPoint) => points.map((p) => p[key] as number | null);
  return (
    <>
      <section className="section" aria-labelledby="alerts-title">
        <h2 id="alerts-title">Active alerts</h2>
        <div aria-live="polite">
          {alerts.length === 0 ? (
            <p className="muted">No active alerts.</p>
          ) : (
            <ul className="alert-list">
              {alerts.map((a) => (
                <li key={a.rule} className={`alert ${a.level === "critical" ? "alert-error" : "alert-info"}`}>
                  <Badge tone={a.level === "critical" ? "revoked" : "neutral"}>{a.level}</Badge> {a.title}: {alertValue(a, a.value)} (threshold {alertValue(a, a.threshold)}), since{" "}
                  {new Date(a.since).toLocaleTimeString()}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      <div className="card-grid section">
        <HealthCard title="CPU" value={formatPercent(resources?.cpuUsage)} detail={resources ? `${resources.cores} cores · load ${resources.load1.toFixed(2)}` : "Sampler not running"} trend={trend("cpu")} trendLabel="CPU usage, last 5 minutes" max={1} />
        <HealthCard title="Memory" value={formatPercent(resources?.memoryUsedRatio)} detail={resources ? `${formatBytes(resources.memoryUsedBytes)} of ${formatBytes(resources.memoryTotalBytes)}` : undefined} trend={trend("memoryUsedRatio")} trendLabel="Memory usage, last 5 minutes" max={1} />
        <HealthCard title="Disk" value={formatPercent(resources?.diskUsedRatio)} detail="Fullest mount" trendLabel="" />
        <HealthCard title="p95 latency" value={formatMs(requests.p95Ms)} detail={`${requests.requestsPerSecond.toFixed(2)} requests/s · ${requests.inFlight} in flight`} trendLabel="" />
        <HealthCard title="Server errors" value={formatPercent(requests.errorRate)} detail={`${requests.errors5xx} 5xx, ${requests.rateLimited} rate-limited in the last minute`} trendLabel="" />
      </div>
    </>
  );
}
