/**
 * Log-linear latency histogram (HDR-style): each decade from 0.1 ms to 100 s is split into 90
 * linear steps of one tenth of its start (1.0, 1.1, … 9.9 × 10^k ms). Recording is O(1) and
 * allocation-free; percentiles are read from the counts.
 *
 * Error bound: a value is reported as its bucket's upper edge, so a percentile is never below the
 * true one and at most 10 % above it (the bucket width is 0.1 × its lower edge, which is ≥ 1.0 ×
 * 10^k). Values under 0.1 ms fall into the first bucket, values over 100 s into the last.
 * Every Prometheus-style boundary (1, 2.5, 5 × 10^k ms) is an exact bucket edge, so cumulative
 * counts at those `le` values are exact too.
 */
export const MIN_MS = 0.1;
const DECADES = 6; // 0.1 ms … 100 s
const STEPS = 90;
export const BUCKETS = DECADES * STEPS + 1; // + one overflow bucket

export interface Histogram {
  counts: Uint32Array;
  count: number;
  /** Sum of recorded values in ms (exact, for means and Prometheus `_sum`). */
  sum: number;
}

export function newHistogram(): Histogram {
  return { counts: new Uint32Array(BUCKETS), count: 0, sum: 0 };
}

/** The bucket holding `ms`: bucket i covers (upper(i-1), upper(i)]. */
export function bucketIndex(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const scaled = ms / MIN_MS; // ≥ 1
  const decade = Math.floor(Math.log10(scaled));
  const mantissa = scaled / 10 ** decade; // [1, 10)
  // Upper edges are (1 + (step+1)/10) × 10^decade; ceil keeps an exact edge in the lower bucket
  // (rounding first absorbs floating-point noise such as 2.4999999999).
  const step = Math.ceil(Math.round((mantissa - 1) * 10 * 1e6) / 1e6) - 1;
  const index = decade * STEPS + step; // step -1: exactly 10^decade, the previous decade's last edge
  return Math.min(Math.max(index, 0), BUCKETS - 1);
}

/** Upper edge of bucket `i` in ms (Infinity for the overflow bucket). */
export function bucketUpper(i: number): number {
  if (i >= BUCKETS - 1) return Infinity;
  const decade = Math.floor(i / STEPS);
  const step = i % STEPS;
  // Integer arithmetic first so edges are the nearest doubles to exact decimals (2.5, 50, 1000 …).
  return ((10 + step + 1) * 10 ** decade) / 100;
}

export function observe(h: Histogram, ms: number): void {
  h.counts[bucketIndex(ms)]!++;
  h.count++;
  h.sum += ms;
}

/**
 * The q-quantile (0 < q ≤ 1) in ms, or null when empty: the upper edge of the bucket holding the
 * ceil(q × count)-th smallest value ("nearest rank"). The overflow bucket reports 100 s.
 */
export function percentile(h: Histogram, q: number): number | null {
  if (h.count === 0) return null;
  const rank = Math.max(1, Math.ceil(q * h.count));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += h.counts[i]!;
    if (seen >= rank) return Math.min(bucketUpper(i), MIN_MS * 10 ** DECADES);
  }
  return MIN_MS * 10 ** DECADES;
}

/** Adds `from` into `into` (for windows made of slots). */
export function mergeInto(into: Histogram, from: Histogram): void {
  for (let i = 0; i < BUCKETS; i++) into.counts[i]! += from.counts[i]!;
  into.count += from.count;
  into.sum += from.sum;
}

export function resetHistogram(h: Histogram): void {
  h.counts.fill(0);
  h.count = 0;
  h.sum = 0;
}

/** Number of recorded values ≤ `leMs` (exact when `leMs` is a bucket edge). */
export function countAtOrBelow(h: Histogram, leMs: number): number {
  let total = 0;
  for (let i = 0; i < BUCKETS && bucketUpper(i) <= leMs + 1e-9; i++) total += h.counts[i]!;
  return total;
}
