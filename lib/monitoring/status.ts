import { getConfig } from "@/lib/config";
import { getAlertMonitor, type ActiveAlert } from "./alerts/monitor";
import { inFlight } from "./in-flight";
import { recentWindow, requestMetrics, type WindowSummary } from "./request-metrics";
import { getSampler } from "./sampler/sampler";

export interface PerformanceStatus {
  /** critical when any critical alert is active, degraded with warnings or without a sampler. */
  status: "ok" | "degraded" | "critical";
  time: string;
  uptimeSeconds: number;
  sampler: { running: boolean; intervalMs: number; lastSampleAt: string | null };
  resources: {
    cpuUsage: number;
    cores: number;
    load1: number;
    memoryUsedRatio: number;
    memoryUsedBytes: number;
    memoryTotalBytes: number;
    /** Fullest mount's usage ratio. */
    diskUsedRatio: number | null;
    networkRxBytesPerSec: number | null;
    networkTxBytesPerSec: number | null;
    processRssBytes: number;
    heapUsedBytes: number;
    eventLoopLagMs: number;
  } | null;
  requests: WindowSummary & { inFlight: number };
  alerts: ActiveAlert[];
}

/**
 * The performance half of GET /api/security-performance/status (and all of
 * .../performance/status): resources now, the last minute of requests, active alerts.
 */
export function getPerformanceStatus(now = Date.now()): PerformanceStatus {
  const sample = getSampler()?.latest() ?? null;
  const alerts = getAlertMonitor()?.active() ?? [];
  const status = alerts.some((a) => a.level === "critical") ? "critical" : alerts.length || !sample ? "degraded" : "ok";
  return {
    status,
    time: new Date(now).toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
    sampler: { running: sample !== null, intervalMs: getConfig().monitoring.intervalMs, lastSampleAt: sample ? new Date(sample.time).toISOString() : null },
    resources: sample && {
      cpuUsage: sample.cpu.usage,
      cores: sample.cpu.cores.length,
      load1: sample.load.one,
      memoryUsedRatio: sample.memory.usedRatio,
      memoryUsedBytes: sample.memory.usedBytes,
      memoryTotalBytes: sample.memory.totalBytes,
      diskUsedRatio: sample.disks.length ? Math.max(...sample.disks.map((d) => d.usedRatio)) : null,
      networkRxBytesPerSec: sample.network?.rxBytesPerSec ?? null,
      networkTxBytesPerSec: sample.network?.txBytesPerSec ?? null,
      processRssBytes: sample.process.rssBytes,
      heapUsedBytes: sample.process.heapUsedBytes,
      eventLoopLagMs: sample.process.eventLoopLagMs,
    },
    requests: { ...recentWindow(requestMetrics(), now), inFlight: inFlight().count },
    alerts,
  };
}
