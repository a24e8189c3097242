import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { MinuteAccumulator } from "@/lib/monitoring/rollup/accumulate";
import { pruneRollups, queryRollups, ROLLUP_RETENTION_MS, writeRollups } from "@/lib/monitoring/rollup/store";
import type { ResourceSample } from "@/lib/monitoring/sampler/types";
import { chartValue, pointsFromRollups, pointsFromSamples } from "@/lib/monitoring/series";
import { emptySqliteDb } from "../support/app";

const MINUTE = 60_000;
const T0 = 28_000_000 * MINUTE; // a whole minute

function sample(time: number, cpu: number, diskUsed = 0.5): ResourceSample {
  return {
    time,
    cpu: { usage: cpu, cores: [cpu, cpu] },
    load: { one: 1, five: 1, fifteen: 1 },
    memory: { totalBytes: 1000, usedBytes: 400, availableBytes: 600, usedRatio: 0.4, swapTotalBytes: 0, swapUsedBytes: 0 },
    disks: [{ mount: "/", fs: "/dev/x", sizeBytes: 100, usedBytes: diskUsed * 100, usedRatio: diskUsed }],
    diskIo: null,
    network: { rxBytesPerSec: 10, txBytesPerSec: 20 },
    process: { rssBytes: 50, heapUsedBytes: 20, heapTotalBytes: 30, eventLoopLagMs: 1, cpuUsage: 0.01 },
  };
}

describe("per-minute rollups", () => {
  it("folds a minute's samples into min/max/sum/count rows, emitted when the next minute starts", () => {
    const acc = new MinuteAccumulator();
    expect(acc.add(sample(T0, 0.2))).toEqual([]);
    expect(acc.add(sample(T0 + 30_000, 0.6))).toEqual([]);
    const rows = acc.add(sample(T0 + MINUTE, 0.1));
    const cpu = rows.find((r) => r.metric === "cpu.usage")!;
    expect(cpu).toEqual({ metric: "cpu.usage", labels: "{}", bucketStart: new Date(T0), count: 2, min: 0.2, max: 0.6, sum: 0.8 });
    expect(rows.find((r) => r.metric === "disk.used_ratio")).toMatchObject({ labels: '{"mount":"/"}', count: 2 });
    expect(rows.some((r) => r.metric === "disk.read_bps")).toBe(false); // not measured: no row
    expect(acc.drain().find((r) => r.metric === "cpu.usage")).toMatchObject({ bucketStart: new Date(T0 + MINUTE), count: 1 });
  });

  it("chart values: whole numbers from 1000 up, four decimals below; nulls and non-finite values as they are", () => {
    expect(chartValue(1_123_573_760.4)).toBe(1_123_573_760);
    expect(chartValue(152_313.56783919598)).toBe(152_314);
    expect(chartValue(0.04445215085955788)).toBe(0.0445);
    expect(chartValue(999.99996)).toBe(1000);
    expect(chartValue(-0.123456)).toBe(-0.1235);
    expect(chartValue(null)).toBeNull();
    expect(chartValue(Number.NaN)).toBeNaN();
    const [point] = pointsFromSamples([sample(T0, 0.123456789)], 0);
    expect(point!.cpu).toBe(0.1235);
  });

  it("means per step over an hour of in-memory samples", () => {
    const points = pointsFromSamples([sample(T0, 0.2), sample(T0 + 5_000, 0.4), sample(T0 + 15_000, 1)], 15_000);
    expect(points.map((p) => [p.t, p.cpu])).toEqual([[T0, expect.closeTo(0.3, 9)], [T0 + 15_000, 1]]);
    expect(points[0]).toMatchObject({ netRxBps: 10, diskReadBps: null, disks: { "/": 0.5 } });
  });

  describe("stored in SQLite", () => {
    let db: Db;
    let close: () => Promise<void>;
    beforeAll(async () => ({ db, close } = await emptySqliteDb()));
    afterAll(() => close());

    it("writes, merges a second writer's minute, queries into buckets and prunes after 7 days", async () => {
      const acc = new MinuteAccumulator();
      acc.add(sample(T0, 0.2));
      await writeRollups(db, acc.add(sample(T0 + MINUTE, 0.4)));
      await writeRollups(db, acc.add(sample(T0 + 2 * MINUTE, 0.9)));
      const other = new MinuteAccumulator();
      other.add(sample(T0 + 10, 0.8));
      await writeRollups(db, other.drain()); // same minute, another process
      const stored = await db.metricRollup.findFirst({ where: { metric: "cpu.usage", bucketStart: new Date(T0) } });
      expect(stored).toMatchObject({ count: 2, min: 0.2, max: 0.8 });
      expect(stored!.sum).toBeCloseTo(1.0, 9);

      const buckets = await queryRollups(db, ["cpu.usage", "disk.used_ratio"], T0, T0 + 10 * MINUTE, 5 * MINUTE);
      const cpu = buckets.filter((b) => b.metric === "cpu.usage");
      expect(cpu).toHaveLength(1);
      expect(cpu[0]!.mean).toBeCloseTo((0.2 + 0.8 + 0.4) / 3, 9);
      expect(cpu[0]!.max).toBe(0.8);
      expect(pointsFromRollups(buckets)[0]).toMatchObject({ t: T0, disks: { "/": 0.5 } });

      expect(await pruneRollups(db, T0 + MINUTE + ROLLUP_RETENTION_MS)).toBeGreaterThan(0);
      expect(await db.metricRollup.count({ where: { bucketStart: new Date(T0) } })).toBe(0);
      expect(await db.metricRollup.count({ where: { bucketStart: new Date(T0 + MINUTE) } })).toBeGreaterThan(0);
    });
  });
});
