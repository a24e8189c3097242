import { collectDisks, Collector } from "./collect";
import type { DiskUsage, ResourceSample } from "./types";

export const FULL_RESOLUTION_MS = 60 * 60 * 1000;

export interface SamplerOptions {
  intervalMs: number;
  /** Cadence of the disk-usage probe. */
  slowIntervalMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Samples every `intervalMs` into a ring holding one hour, probes disks every `slowIntervalMs`,
 * and tells listeners (rollups, alerts) about each sample. A tick that is still running when the
 * next is due is skipped rather than stacked.
 */
export class Sampler {
  private readonly ring: Array<ResourceSample | undefined>;
  private next = 0;
  private disks: DiskUsage[] = [];
  private busy = false;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private readonly listeners: Array<(sample: ResourceSample) => void> = [];
  private readonly collector = new Collector();

  constructor(readonly options: SamplerOptions) {
    this.ring = new Array(Math.ceil(FULL_RESOLUTION_MS / options.intervalMs));
  }

  async start(): Promise<void> {
    await this.probeDisks();
    await this.tick();
    this.timers.push(setInterval(() => void this.tick(), this.options.intervalMs).unref());
    this.timers.push(setInterval(() => void this.probeDisks(), this.options.slowIntervalMs).unref());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.collector.stop();
  }

  onSample(listener: (sample: ResourceSample) => void): void {
    this.listeners.push(listener);
  }

  latest(): ResourceSample | null {
    return this.ring[(this.next - 1 + this.ring.length) % this.ring.length] ?? null;
  }

  /** Samples newer than `sinceMs`, oldest first. */
  since(sinceMs: number): ResourceSample[] {
    const out: ResourceSample[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const sample = this.ring[(this.next + i) % this.ring.length];
      if (sample && sample.time > sinceMs) out.push(sample);
    }
    return out;
  }

  async tick(): Promise<ResourceSample | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const sample = await this.collector.sample(this.disks);
      this.ring[this.next] = sample;
      this.next = (this.next + 1) % this.ring.length;
      for (const listener of this.listeners) {
        try {
          listener(sample);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      return sample;
    } catch (error) {
      this.options.onError?.(error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  private async probeDisks(): Promise<void> {
    try {
      this.disks = await collectDisks();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

const globalKey = Symbol.for("printguard.monitoring.sampler");
type GlobalWithSampler = typeof globalThis & { [globalKey]?: Sampler };

/** The process's sampler, once started (null under tests and before start-up). */
export function getSampler(): Sampler | null {
  return (globalThis as GlobalWithSampler)[globalKey] ?? null;
}

export function setSampler(sampler: Sampler | null): void {
  const g = globalThis as GlobalWithSampler;
  if (sampler) g[globalKey] = sampler;
  else delete g[globalKey];
}
