import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { onShutdown } from "@/lib/lifecycle";
import { getLogger } from "@/lib/log";
import { AlertMonitor, getAlertMonitor, setAlertMonitor } from "./alerts/monitor";
import { alertRules, type AlertMetric } from "./alerts/rules";
import { recentWindow, requestMetrics } from "./request-metrics";
import { MinuteAccumulator, type RollupRow } from "./rollup/accumulate";
import { pruneRollups, writeRollups } from "./rollup/store";
import { getSampler, Sampler, setSampler } from "./sampler/sampler";
import type { ResourceSample } from "./sampler/types";

const PRUNE_EVERY_MS = 60 * 60 * 1000;
// Latency and error-rate alerts need enough requests to mean something.
const MIN_REQUESTS_FOR_RATES = 10;

/** The values the alert rules watch, from a sample and the last minute of requests. */
export function alertValues(sample: ResourceSample, now: number): Record<AlertMetric, number | null> {
  const window = recentWindow(requestMetrics(), now);
  const enough = window.requests >= MIN_REQUESTS_FOR_RATES;
  return {
    cpu: sample.cpu.usage,
    memory: sample.memory.usedRatio,
    disk: sample.disks.length ? Math.max(...sample.disks.map((d) => d.usedRatio)) : null,
    latency_p95: enough ? window.p95Ms : null,
    error_rate: enough ? window.errorRate : null,
    rate_limited: window.rateLimited,
  };
}

/**
 * Starts the resource sampler, the alert rules and the per-minute rollups, once per process
 * (instrumentation.ts calls this after the database is migrated). Idempotent.
 */
export async function startMonitoring(): Promise<void> {
  if (getSampler()) return;
  const config = getConfig().monitoring;
  const log = getLogger();
  requestMetrics(config.slowRequestMs);
  const alerts = new AlertMonitor(alertRules(config.alertOverrides));
  setAlertMonitor(alerts);

  const sampler = new Sampler({
    intervalMs: config.intervalMs,
    slowIntervalMs: config.slowIntervalMs,
    onError: (error) => log.warn({ err: error }, "resource sampler step failed"),
  });
  setSampler(sampler);

  const minutes = new MinuteAccumulator();
  let writing: Promise<void> = Promise.resolve();
  const persist = (rows: RollupRow[]) => {
    if (rows.length === 0) return;
    // One write at a time, in order; a failed minute is logged and dropped (memory keeps the last hour).
    writing = writing.then(async () => writeRollups(await getDb(), rows)).catch((error: unknown) => log.warn({ err: error }, "metric rollup write failed"));
  };
  sampler.onSample((sample) => persist(minutes.add(sample)));
  sampler.onSample((sample) => alerts.evaluate(alertValues(sample, sample.time), sample.time));

  const prune = async () => {
    try {
      const removed = await pruneRollups(await getDb());
      if (removed) log.info({ removed }, "old metric rollups pruned");
    } catch (error) {
      log.warn({ err: error }, "metric rollup prune failed");
    }
  };
  const pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS).unref();
  void prune();

  await sampler.start();
  onShutdown("monitoring", async () => {
    clearInterval(pruneTimer);
    sampler.stop();
    persist(minutes.drain());
    await writing;
  });
  log.info({ intervalMs: config.intervalMs }, "resource sampler started");
}

/** startMonitoring, or stop the process with one line saying why (a bad ALERT_RULES is named). */
export async function startMonitoringOrExit(): Promise<void> {
  try {
    await startMonitoring();
  } catch (error) {
    const message = (error as Error).message;
    console.error(message.startsWith("ALERT_RULES") ? `Invalid configuration: ${message}` : `PrintGuard failed to start monitoring: ${message}`);
    process.exit(1);
  }
}

/** Stops and forgets the process's monitoring (tests). */
export function stopMonitoring(): void {
  getSampler()?.stop();
  setSampler(null);
  if (getAlertMonitor()) setAlertMonitor(null);
}
