/** One reading of the machine and this process. Ratios are 0–1, sizes bytes, rates bytes per second. */
export interface ResourceSample {
  time: number;
  cpu: { usage: number; cores: number[] };
  load: { one: number; five: number; fifteen: number };
  memory: { totalBytes: number; usedBytes: number; availableBytes: number; usedRatio: number; swapTotalBytes: number; swapUsedBytes: number };
  /** From the slow probe: the latest reading, shared by the samples until the next one. */
  disks: DiskUsage[];
  diskIo: { readBytesPerSec: number; writeBytesPerSec: number } | null;
  network: { rxBytesPerSec: number; txBytesPerSec: number } | null;
  /** `cpuUsage`: this process's share of the whole machine's CPU (0–1, on the scale of `cpu.usage`). */
  process: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; eventLoopLagMs: number; cpuUsage: number };
}

export interface DiskUsage {
  mount: string;
  fs: string;
  sizeBytes: number;
  usedBytes: number;
  usedRatio: number;
}

/**
 * The scalar series kept at full resolution and rolled up per minute (disk usage per mount is
 * labelled separately). Names are the MetricRollup `metric` values.
 */
export const SCALAR_METRICS = [
  "cpu.usage",
  "cpu.load1",
  "memory.used_bytes",
  "memory.used_ratio",
  "swap.used_bytes",
  "disk.read_bps",
  "disk.write_bps",
  "net.rx_bps",
  "net.tx_bps",
  "process.rss_bytes",
  "process.heap_used_bytes",
  "process.event_loop_lag_ms",
  "process.cpu_usage",
] as const;
export type ScalarMetric = (typeof SCALAR_METRICS)[number];
export const DISK_USED_METRIC = "disk.used_ratio";

/** The scalar values of a sample, in SCALAR_METRICS order (null: not measurable here). */
export function scalarValues(s: ResourceSample): Record<ScalarMetric, number | null> {
  return {
    "cpu.usage": s.cpu.usage,
    "cpu.load1": s.load.one,
    "memory.used_bytes": s.memory.usedBytes,
    "memory.used_ratio": s.memory.usedRatio,
    "swap.used_bytes": s.memory.swapUsedBytes,
    "disk.read_bps": s.diskIo?.readBytesPerSec ?? null,
    "disk.write_bps": s.diskIo?.writeBytesPerSec ?? null,
    "net.rx_bps": s.network?.rxBytesPerSec ?? null,
    "net.tx_bps": s.network?.txBytesPerSec ?? null,
    "process.rss_bytes": s.process.rssBytes,
    "process.heap_used_bytes": s.process.heapUsedBytes,
    "process.event_loop_lag_ms": s.process.eventLoopLagMs,
    "process.cpu_usage": s.process.cpuUsage,
  };
}
