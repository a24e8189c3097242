import { cpus, totalmem } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { busyShare, parseDiskStats, parseNetDev, parseProcStat, processCpuShare, ratePerSecond } from "@/lib/monitoring/sampler/proc";
import { Sampler } from "@/lib/monitoring/sampler/sampler";

const ratio = () => expect.toSatisfy((v: number) => v >= 0 && v <= 1);

describe("resource sampler on this machine", () => {
  const sampler = new Sampler({ intervalMs: 200, slowIntervalMs: 60_000 });
  afterAll(() => sampler.stop());

  it("samples CPU (total and per core), load, memory, swap, disks, I/O rates and this process", async () => {
    await sampler.start();
    await new Promise((r) => setTimeout(r, 450));
    const s = sampler.latest()!;
    expect(s).not.toBeNull();
    expect(s.cpu.usage).toEqual(ratio());
    expect(s.cpu.cores).toHaveLength(cpus().length);
    for (const core of s.cpu.cores) expect(core).toEqual(ratio());
    expect(s.load.one).toBeGreaterThanOrEqual(0);
    expect(s.memory.totalBytes).toBe(totalmem());
    expect(s.memory.usedBytes).toBeGreaterThan(0);
    expect(s.memory.usedRatio).toEqual(ratio());
    expect(s.memory.swapUsedBytes).toBeGreaterThanOrEqual(0);
    expect(s.disks.length).toBeGreaterThan(0);
    for (const d of s.disks) {
      expect(d.mount).toMatch(/^\//);
      expect(d.sizeBytes).toBeGreaterThan(0);
      expect(d.usedRatio).toEqual(ratio());
    }
    if (process.platform === "linux") {
      // rates need two readings: the later samples have them
      expect(s.network).toEqual({ rxBytesPerSec: expect.any(Number), txBytesPerSec: expect.any(Number) });
      expect(s.diskIo === null || s.diskIo.readBytesPerSec >= 0).toBe(true);
    }
    expect(s.process.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(s.process.heapUsedBytes).toBeGreaterThan(0);
    expect(s.process.eventLoopLagMs).toBeGreaterThanOrEqual(0);
  });

  it("keeps samples in order in its ring and answers since(t)", () => {
    const all = sampler.since(0);
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < all.length; i++) expect(all[i]!.time).toBeGreaterThan(all[i - 1]!.time);
    expect(sampler.since(all.at(-1)!.time)).toEqual([]);
    expect(sampler.latest()).toBe(all.at(-1));
  });
});

describe("/proc parsers", () => {
  it("sums network bytes over interfaces but loopback", () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  eth0: 5000      50    0    0    0     0          0         0     7000      70    0    0    0     0       0          0
  eth1: 100        1    0    0    0     0          0         0      200       2    0    0    0     0       0          0`;
    expect(parseNetDev(text)).toEqual({ rxBytes: 5100, txBytes: 7200 });
  });
  it("sums whole disks only, in bytes", () => {
    const text = ` 259       0 nvme0n1 100 0 8 0 50 0 16 0 0 0 0
 259       1 nvme0n1p1 100 0 8 0 50 0 16 0 0 0 0
   7       0 loop0 100 0 999 0 0 0 999 0 0 0 0
   8       0 sda 1 0 2 0 1 0 4 0 0 0 0`;
    expect(parseDiskStats(text)).toEqual({ readBytes: 10 * 512, writeBytes: 20 * 512 });
  });
  it("reads CPU times from /proc/stat: idle and iowait are not busy; shares between readings, since boot at first", () => {
    const before = `cpu  100 0 50 800 50 0 0 0 0 0
cpu0 60 0 30 400 10 0 0 0 0 0
cpu1 40 0 20 400 40 0 0 0 0 0
intr 12345 1 2
ctxt 999`;
    const after = `cpu  250 0 100 850 50 0 0 0 0 0
cpu0 160 0 50 410 10 0 0 0 0 0
cpu1 90 0 50 440 40 0 0 0 0 0`;
    const a = parseProcStat(before)!;
    const b = parseProcStat(after)!;
    expect(a.all).toEqual({ busy: 150, total: 1000 });
    expect(a.cores).toEqual([{ busy: 90, total: 500 }, { busy: 60, total: 500 }]);
    expect(busyShare(undefined, a.all)).toBe(0.15);
    expect(busyShare(a.all, b.all)).toBe(200 / 250); // 200 busy of 250 jiffies
    expect(busyShare(a.cores[0], b.cores[0]!)).toBe(120 / 130);
    expect(busyShare(a.cores[1], b.cores[1]!)).toBe(80 / 120);
    expect(busyShare(a.all, a.all)).toBe(0); // no time passed
    expect(parseProcStat("intr 1 2 3")).toBeNull();
  });

  it("reads this process's CPU time as its share of the whole machine, on the machine's 0–1 scale", () => {
    expect(processCpuShare(1_000_000, 1000, 2)).toBe(0.5); // one core busy of two
    expect(processCpuShare(3_000_000, 2000, 4)).toBe(0.375); // 1.5 cores of four
    expect(processCpuShare(500_000, 1000, 1)).toBe(0.5);
    expect(processCpuShare(5_000_000, 1000, 2)).toBe(1); // clock skew never shows more than the machine
    expect(processCpuShare(1_000_000, 0, 2)).toBe(0); // no time passed
    expect(processCpuShare(1_000_000, 1000, 0)).toBe(1); // no core list: counted as one core
  });

  it("turns counters into rates, refusing a first reading or a reset", () => {
    expect(ratePerSecond(undefined, 100, 1000)).toBeNull();
    expect(ratePerSecond(1000, 3000, 2000)).toBe(1000);
    expect(ratePerSecond(3000, 10, 2000)).toBeNull();
  });
});
