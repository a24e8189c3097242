import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketIndex, bucketUpper, countAtOrBelow, mergeInto, newHistogram, observe, percentile } from "@/lib/monitoring/histogram";

describe("log-linear latency histogram", () => {
  it("puts exact decimal edges in the bucket they close, and the next value above in the next", () => {
    for (const edge of [1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 2500, 10_000]) {
      expect(bucketUpper(bucketIndex(edge))).toBe(edge);
      expect(bucketIndex(edge * 1.0001)).toBe(bucketIndex(edge) + 1);
    }
  });

  it("an empty histogram has no percentiles", () => {
    expect(percentile(newHistogram(), 0.5)).toBeNull();
  });

  it("reports nearest-rank percentiles of 1..1000 ms within 10 % above the true value", () => {
    const h = newHistogram();
    for (let ms = 1; ms <= 1000; ms++) observe(h, ms);
    expect(percentile(h, 0.5)).toBe(500);
    expect(percentile(h, 0.95)).toBe(950);
    expect(percentile(h, 0.99)).toBe(990);
    expect(percentile(h, 1)).toBe(1000);
    expect(h.count).toBe(1000);
    expect(h.sum).toBe(500_500);
  });

  it("any percentile is never below the true nearest-rank value and at most 10 % above it", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 99_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const h = newHistogram();
        for (const v of values) observe(h, v);
        const sorted = [...values].sort((a, b) => a - b);
        const truth = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
        const reported = percentile(h, q)!;
        expect(reported).toBeGreaterThanOrEqual(truth);
        expect(reported).toBeLessThanOrEqual(Math.max(truth * 1.1, 0.11) + 1e-9);
      }),
    );
  });

  it("counts at Prometheus boundaries are exact and merging adds histograms up", () => {
    const a = newHistogram();
    const b = newHistogram();
    for (const ms of [4, 5, 5.01, 9.99]) observe(a, ms);
    for (const ms of [5, 100, 200_000]) observe(b, ms);
    mergeInto(a, b);
    expect(countAtOrBelow(a, 5)).toBe(3);
    expect(countAtOrBelow(a, 10)).toBe(5);
    expect(countAtOrBelow(a, 100)).toBe(6);
    expect(a.count).toBe(7);
    expect(percentile(a, 1)).toBe(100_000); // the overflow bucket reports the top edge
  });
});
