import { DISK_USED_METRIC, SCALAR_METRICS, scalarValues, type ResourceSample } from "../sampler/types";

/** One MetricRollup row: min/max/sum/count of a metric over one minute. */
export interface RollupRow {
  metric: string;
  bucketStart: Date;
  count: number;
  min: number;
  max: number;
  sum: number;
  /** JSON of the labels, keys sorted; "{}" when none. */
  labels: string;
}

export const ROLLUP_MS = 60_000;

interface Aggregate {
  metric: string;
  labels: string;
  count: number;
  min: number;
  max: number;
  sum: number;
}

/**
 * Folds samples into per-minute aggregates. `add` returns the rows of the minute that just ended
 * when a sample of a later minute arrives; `drain` returns the current, unfinished minute (at
 * shutdown). Pure apart from its own state: no clock, no I/O.
 */
export class MinuteAccumulator {
  private minute = -1;
  private current = new Map<string, Aggregate>();

  add(sample: ResourceSample): RollupRow[] {
    const minute = Math.floor(sample.time / ROLLUP_MS);
    const finished = minute !== this.minute && this.minute !== -1 ? this.drain() : [];
    this.minute = minute;
    const values = scalarValues(sample);
    for (const metric of SCALAR_METRICS) {
      const value = values[metric];
      if (value !== null && Number.isFinite(value)) this.fold(metric, "{}", value);
    }
    for (const disk of sample.disks) this.fold(DISK_USED_METRIC, JSON.stringify({ mount: disk.mount }), disk.usedRatio);
    return finished;
  }

  drain(): RollupRow[] {
    const bucketStart = new Date(this.minute * ROLLUP_MS);
    const rows = [...this.current.values()].map((a) => ({ metric: a.metric, labels: a.labels, bucketStart, count: a.count, min: a.min, max: a.max, sum: a.sum }));
    this.current = new Map();
    return rows;
  }

  private fold(metric: string, labels: string, value: number): void {
    const key = `${metric}\u0000${labels}`;
    const a = this.current.get(key);
    if (!a) {
      this.current.set(key, { metric, labels, count: 1, min: value, max: value, sum: value });
      return;
    }
    a.count++;
    a.sum += value;
    if (value < a.min) a.min = value;
    if (value > a.max) a.max = value;
  }
}
