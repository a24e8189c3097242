import { readFile } from "node:fs/promises";

/**
 * Cumulative network and block-device byte counters on Linux, read straight from /proc.
 * systeminformation's networkStats/disksIO spawn a shell pipeline per call on Linux (cat, lsblk,
 * sed, awk), which alone would exceed the sampler's 1 %-of-a-core budget at a 2 s interval;
 * reading two small files costs microseconds. Other platforms use systeminformation (collect.ts).
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

/** Per-second rate between two cumulative readings; null for the first, or when a counter went backwards (reset). */
export function ratePerSecond(previous: number | undefined, current: number, elapsedMs: number): number | null {
  if (previous === undefined || elapsedMs <= 0 || current < previous) return null;
  return ((current - previous) * 1000) / elapsedMs;
}
