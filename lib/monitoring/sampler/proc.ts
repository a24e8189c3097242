import { readFile } from "node:fs/promises";

/**
 * Cumulative CPU time, network and block-device byte counters on Linux, read straight from /proc.
 * systeminformation's networkStats/disksIO spawn a shell pipeline per call on Linux (cat, lsblk,
 * sed, awk), and its currentLoad runs `cat /proc/stat | grep cpu` through a shell every sample:
 * three processes forked from a large server every 2 s, over the sampler's 1 %-of-a-core budget
 * on its own (measured: 2.2 % with it, see bench:monitoring). Reading three small files costs
 * microseconds. Other platforms use systeminformation (collect.ts).
 */
export interface Counters {
  rxBytes: number;
  txBytes: number;
}

/** Sum of received/transmitted bytes over every interface but loopback, from /proc/net/dev's text. */
export function parseNetDev(text: string): Counters {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split("\n").slice(2)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === "lo") continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    rxBytes += Number(fields[0]) || 0;
    txBytes += Number(fields[8]) || 0;
  }
  return { rxBytes, txBytes };
}

// Whole disks only: partitions would count the same bytes twice.
const WHOLE_DISK = /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/** Bytes read/written by whole disks, from /proc/diskstats's text (sectors are 512 bytes there). */
export function parseDiskStats(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !WHOLE_DISK.test(fields[2] ?? "")) continue;
    readBytes += (Number(fields[5]) || 0) * 512;
    writeBytes += (Number(fields[9]) || 0) * 512;
  }
  return { readBytes, writeBytes };
}

export async function readProcCounters(): Promise<{ net: Counters; disk: { readBytes: number; writeBytes: number } } | null> {
  try {
    const [net, disk] = await Promise.all([readFile("/proc/net/dev", "utf8"), readFile("/proc/diskstats", "utf8")]);
    return { net: parseNetDev(net), disk: parseDiskStats(disk) };
  } catch {
    return null;
  }
}

/** Cumulative jiffies of one CPU line of /proc/stat: all of them, and those spent busy. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * The machine's and each core's CPU times from /proc/stat's text: `cpu` and `cpuN` lines of
 * user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
 * Idle and iowait are not busy.
 */
export function parseProcStat(text: string): { all: CpuTimes; cores: CpuTimes[] } | null {
  let all: CpuTimes | null = null;
  const cores: CpuTimes[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("cpu")) continue;
    const [name, ...rest] = line.trim().split(/\s+/);
    const f = rest.slice(0, 8).map((v) => Number(v) || 0);
    const total = f.reduce((a, b) => a + b, 0);
    const times = { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
    if (name === "cpu") all = times;
    else cores.push(times);
  }
  return all && { all, cores };
}

/** Busy share (0..1) between two readings; since boot when there is no earlier one. */
export function busyShare(previous: CpuTimes | undefined, current: CpuTimes): number {
  const total = current.total - (previous?.total ?? 0);
  const busy = current.busy - (previous?.busy ?? 0);
  return total > 0 ? Math.min(1, Math.max(0, busy / total)) : 0;
}

export async function readProcStat(): Promise<{ all: CpuTimes; cores: CpuTimes[] } | null> {
  try {
    return parseProcStat(await readFile("/proc/stat", "utf8"));
  } catch {
    return null;
  }
}

/**
 * This process's share of the whole machine's CPU over `elapsedMs` (0–1, like the machine's own
 * usage), from the CPU time it used (`process.cpuUsage()` deltas, µs). A process busy on two of
 * four cores is 0.5, not 2: one chart plots it against the machine's share, on one scale.
 */
export function processCpuShare(cpuMicros: number, elapsedMs: number, cores: number): number {
  if (elapsedMs <= 0 || cpuMicros <= 0) return 0;
  return Math.min(1, cpuMicros / 1000 / elapsedMs / Math.max(1, cores));
}

/** Per-second rate between two cumulative readings; null for the first, or when a counter went backwards (reset). */
export function ratePerSecond(previous: number | undefined, current: number, elapsedMs: number): number | null {
  if (previous === undefined || elapsedMs <= 0 || current < previous) return null;
  return ((current - previous) * 1000) / elapsedMs;
}
