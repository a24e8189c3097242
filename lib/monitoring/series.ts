import type { Db } from "@/lib/db/client";
import { queryRollups, type RollupPoint } from "./rollup/store";
import { FULL_RESOLUTION_MS } from "./sampler/sampler";
import { DISK_USED_METRIC, SCALAR_METRICS, scalarValues, type DiskUsage, type ResourceSample, type ScalarMetric } from "./sampler/types";

/** Chart field names (camelCase: recharts reads dots in a dataKey as a path). */
export const SERIES_FIELDS = {
  "cpu.usage": "cpu",
  "cpu.load1": "load1",
  "memory.used_bytes": "memoryUsedBytes",
  "memory.used_ratio": "memoryUsedRatio",
  "swap.used_bytes": "swapUsedBytes",
  "disk.read_bps": "diskReadBps",
  "disk.write_bps": "diskWriteBps",
  "net.rx_bps": "netRxBps",
  "net.tx_bps": "netTxBps",
  "process.rss_bytes": "rssBytes",
  "process.heap_used_bytes": "heapUsedBytes",
  "process.event_loop_lag_ms": "eventLoopLagMs",
  "process.cpu_usage": "processCpu",
} as const satisfies Record<ScalarMetric, string>;
export type SeriesField = (typeof SERIES_FIELDS)[ScalarMetric];

export type SeriesPoint = { t: number } & { [K in SeriesField]: number | null } & { disks: Record<string, number> };

export const RANGES = {
  "5m": { spanMs: 5 * 60_000, stepMs: 0, source: "memory" },
  "1h": { spanMs: FULL_RESOLUTION_MS, stepMs: 15_000, source: "memory" },
  "24h": { spanMs: 24 * 3_600_000, stepMs: 5 * 60_000, source: "rollups" },
  "7d": { spanMs: 7 * 24 * 3_600_000, stepMs: 30 * 60_000, source: "rollups" },
} as const;
export type Range = keyof typeof RANGES;

/**
 * A value as a chart needs it: whole numbers from 1000 up (bytes, bytes per second), else four
 * decimals (ratios to 0.01 %, load, milliseconds). Raw samples carry 16 significant digits, which
 * made a 5-minute answer half again as large for nothing a chart can draw. Pure.
 */
export function chartValue(value: number): number;
export function chartValue(value: number | null): number | null;
export function chartValue(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return value;
  return Math.abs(value) >= 1000 ? Math.round(value) : Math.round(value * 10_000) / 10_000;
}

function emptyPoint(t: number): SeriesPoint {
  const point = { t, disks: {} } as SeriesPoint;
  for (const metric of SCALAR_METRICS) point[SERIES_FIELDS[metric]] = null;
  return point;
}

/**
 * Samples as chart points: every sample when `stepMs` is 0, else means per step (a point per
 * 15 s over an hour keeps the answer small). Pure.
 */
export function pointsFromSamples(samples: ResourceSample[], stepMs: number): SeriesPoint[] {
  if (stepMs === 0) return samples.map(sampleToPoint);
  const buckets = new Map<number, ResourceSample[]>();
  for (const s of samples) {
    const t = Math.floor(s.time / stepMs) * stepMs;
    let list = buckets.get(t);
    if (!list) buckets.set(t, (list = []));
    list.push(s);
  }
  return [...buckets.entries()].map(([t, list]) => {
    const point = emptyPoint(t);
    for (const metric of SCALAR_METRICS) {
      const values = list.map((s) => scalarValues(s)[metric]).filter((v): v is number => v !== null);
      point[SERIES_FIELDS[metric]] = values.length ? chartValue(values.reduce((a, b) => a + b, 0) / values.length) : null;
    }
    for (const d of list.at(-1)!.disks) point.disks[d.mount] = chartValue(d.usedRatio);
    return point;
  });
}

function sampleToPoint(s: ResourceSample): SeriesPoint {
  const point = emptyPoint(s.time);
  const values = scalarValues(s);
  for (const metric of SCALAR_METRICS) point[SERIES_FIELDS[metric]] = chartValue(values[metric]);
  for (const d of s.disks) point.disks[d.mount] = chartValue(d.usedRatio);
  return point;
}

/** Rollup buckets as chart points (means). Pure. */
export function pointsFromRollups(rows: RollupPoint[]): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  for (const row of rows) {
    let point = points.get(row.t);
    if (!point) points.set(row.t, (point = emptyPoint(row.t)));
    if (row.metric === DISK_USED_METRIC) {
      const mount = (JSON.parse(row.labels) as { mount?: string }).mount;
      if (mount) point.disks[mount] = chartValue(row.mean);
    } else if (row.metric in SERIES_FIELDS) {
      point[SERIES_FIELDS[row.metric as ScalarMetric]] = chartValue(row.mean);
    }
  }
  return [...points.values()].sort((a, b) => a.t - b.t);
}

export interface ResourceUsage {
  range: Range;
  from: number;
  to: number;
  /** Seconds between points (the sampling interval for 5m). */
  stepSeconds: number;
  source: "memory" | "rollups";
  points: SeriesPoint[];
  current: { cores: number[]; memoryTotalBytes: number; swapTotalBytes: number; disks: DiskUsage[] } | null;
}

export async function resourceUsage(
  range: Range,
  sources: { samples: (sinceMs: number) => ResourceSample[]; latest: ResourceSample | null; db: () => Promise<Db>; intervalMs: number },
  now = Date.now(),
): Promise<ResourceUsage> {
  const spec = RANGES[range];
  const from = now - spec.spanMs;
  const points =
    spec.source === "memory"
      ? pointsFromSamples(sources.samples(from), spec.stepMs)
      : pointsFromRollups(await queryRollups(await sources.db(), [...SCALAR_METRICS, DISK_USED_METRIC], from, now, spec.stepMs));
  const latest = sources.latest;
  return {
    range,
    from,
    to: now,
    stepSeconds: (spec.stepMs || sources.intervalMs) / 1000,
    source: spec.source,
    points,
    current: latest && { cores: latest.cpu.cores, memoryTotalBytes: latest.memory.totalBytes, swapTotalBytes: latest.memory.swapTotalBytes, disks: latest.disks },
  };
}
