import { cpus, totalmem } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { parseDiskStats, parseNetDev, ratePerSecond } from "@/lib/monitoring/sampler/proc";
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
  it("turns counters into rates, refusing a first reading or a reset", () => {
    expect(ratePerSecond(undefined, 100, 1000)).toBeNull();
    expect(ratePerSecond(1000, 3000, 2000)).toBe(1000);
    expect(ratePerSecond(3000, 10, 2000)).toBeNull();
  });
});
