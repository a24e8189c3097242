import { loadavg } from "node:os";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import si from "systeminformation";
import { busyShare, processCpuShare, ratePerSecond, readProcCounters, readProcStat, type CpuTimes } from "./proc";
import type { DiskUsage, ResourceSample } from "./types";

const LOOP_RESOLUTION_MS = 100;

// Pseudo file systems say nothing about storage running out.
const SKIP_FS_TYPES = new Set(["tmpfs", "devtmpfs", "squashfs", "proc", "sysfs", "cgroup", "cgroup2", "devfs", "autofs", "ramfs", "nsfs"]);

/** Disk usage per mount (the slow probe: systeminformation runs `df`). */
export async function collectDisks(): Promise<DiskUsage[]> {
  const seen = new Set<string>();
  const disks: DiskUsage[] = [];
  for (const fs of await si.fsSize()) {
    if (SKIP_FS_TYPES.has(fs.type) || !(fs.size > 0) || seen.has(fs.mount)) continue;
    seen.add(fs.mount);
    disks.push({ mount: fs.mount, fs: fs.fs, sizeBytes: fs.size, usedBytes: fs.used, usedRatio: fs.size ? fs.used / fs.size : 0 });
  }
  return disks;
}

/**
 * Takes samples: each call returns the machine's state since the previous call (CPU and I/O are
 * rates between calls). Keeps the previous counters and the event-loop delay monitor.
 */
export class Collector {
  private last: { time: number; rx?: number; tx?: number; read?: number; write?: number; cpu: NodeJS.CpuUsage } = { time: Date.now(), cpu: process.cpuUsage() };
  // 100 ms: each tick of the delay monitor is a timer wake-up; at 20 ms they alone cost ~0.9 % of a
  // core on the shared bench machine, at 100 ms about a fifth of that. A stall still shows in full.
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private readonly linux = process.platform === "linux";
  private lastCpuTimes: { all: CpuTimes; cores: CpuTimes[] } | null = null;

  constructor() {
    this.loop.enable();
  }

  stop(): void {
    this.loop.disable();
  }

  async sample(disks: DiskUsage[]): Promise<ResourceSample> {
    const [load, mem, io] = await Promise.all([this.cpuLoad(), si.mem(), this.io()]);
    const now = Date.now();
    const elapsed = now - this.last.time;
    const cpu = process.cpuUsage();
    const cpuUsage = processCpuShare(cpu.user - this.last.cpu.user + cpu.system - this.last.cpu.system, elapsed, load.cores.length);
    const memory = process.memoryUsage();
    // mean delay beyond the monitor's own resolution, in ms; NaN before the first tick
    const lag = Number.isFinite(this.loop.mean) ? Math.max(0, this.loop.mean / 1e6 - LOOP_RESOLUTION_MS) : 0;
    this.loop.reset();
    const [one, five, fifteen] = loadavg() as [number, number, number];
    const sample: ResourceSample = {
      time: now,
      cpu: load,
      load: { one, five, fifteen },
      memory: {
        totalBytes: mem.total,
        usedBytes: mem.total - mem.available,
        availableBytes: mem.available,
        usedRatio: mem.total ? (mem.total - mem.available) / mem.total : 0,
        swapTotalBytes: mem.swaptotal,
        swapUsedBytes: mem.swapused,
      },
      disks,
      diskIo: null,
      network: null,
      process: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, eventLoopLagMs: Math.round(lag * 100) / 100, cpuUsage },
    };
    if (io) {
      const rx = ratePerSecond(this.last.rx, io.rx, elapsed);
      const tx = ratePerSecond(this.last.tx, io.tx, elapsed);
      const read = ratePerSecond(this.last.read, io.read, elapsed);
      const write = ratePerSecond(this.last.write, io.write, elapsed);
      if (rx !== null && tx !== null) sample.network = { rxBytesPerSec: rx, txBytesPerSec: tx };
      if (read !== null && write !== null) sample.diskIo = { readBytesPerSec: read, writeBytesPerSec: write };
      this.last = { time: now, cpu, rx: io.rx, tx: io.tx, read: io.read, write: io.write };
    } else {
      this.last = { time: now, cpu };
    }
    return sample;
  }

  /** CPU busy share since the previous sample, of the machine and per core: /proc/stat on Linux, systeminformation elsewhere. */
  private async cpuLoad(): Promise<{ usage: number; cores: number[] }> {
    const times = this.linux ? await readProcStat() : null;
    if (times) {
      const previous = this.lastCpuTimes;
      this.lastCpuTimes = times;
      return { usage: busyShare(previous?.all, times.all), cores: times.cores.map((core, i) => busyShare(previous?.cores[i], core)) };
    }
    const load = await si.currentLoad();
    return { usage: load.currentLoad / 100, cores: load.cpus.map((c) => c.load / 100) };
  }

  /** Cumulative byte counters: /proc on Linux, systeminformation elsewhere. */
  private async io(): Promise<{ rx: number; tx: number; read: number; write: number } | null> {
    if (this.linux) {
      const counters = await readProcCounters();
      return counters && { rx: counters.net.rxBytes, tx: counters.net.txBytes, read: counters.disk.readBytes, write: counters.disk.writeBytes };
    }
    try {
      const [net, fs] = await Promise.all([si.networkStats("*"), si.fsStats()]);
      return {
        rx: net.reduce((sum, n) => sum + (n.iface === "lo" ? 0 : n.rx_bytes), 0),
        tx: net.reduce((sum, n) => sum + (n.iface === "lo" ? 0 : n.tx_bytes), 0),
        read: fs?.rx ?? 0,
        write: fs?.wx ?? 0,
      };
    } catch {
      return null;
    }
  }
}
