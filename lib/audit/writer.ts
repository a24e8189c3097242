import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { aggregationKey } from "./aggregate";
import { appendEvents } from "./append";
import type { AuditEvent } from "./schema";
import type { AuditSpool, PendingEvent } from "./spool";

/** Events kept in memory between flushes; beyond it, low-level events are dropped (and counted). */
const MAX_BUFFERED = 10_000;
const BATCH_SIZE = 500;
const FLUSH_INTERVAL_MS = 1_000;
/** How often a spooled file is offered to the database again while it stays away. */
const REPLAY_RETRY_MS = 5_000;

const KEPT_ALWAYS = new Set(["high", "critical"]);

export interface AuditWriterOptions {
  /** Where events go when the database refuses them; without one they wait in memory. */
  spool?: AuditSpool;
}

/**
 * Buffers audit events in memory and writes them in batches off the request path, chaining each
 * row's hash to its predecessor. `record` never waits on I/O and never throws.
 *
 * Nothing is lost: a batch the database refuses goes to the spool file and is replayed, once, when
 * the database answers again. Memory stays bounded under a flood: identical events below high still
 * waiting in the buffer become one row with a count, and past MAX_BUFFERED only high and critical
 * events are still accepted.
 */
export class AuditWriter {
  private buffer: PendingEvent[] = [];
  /** Aggregation key → the buffered (not yet written) event that absorbs its repeats. */
  private open = new Map<string, PendingEvent>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  dropped = 0;
  written = 0;
  spooled = 0;
  replayed = 0;

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly onError: (error: unknown, context?: string) => void,
    private readonly options: AuditWriterOptions = {},
  ) {
    // A spool left by an earlier process (or an earlier outage) is offered to the database soon.
    if (options.spool?.hasPending()) this.schedule(0);
  }

  record(event: AuditEvent): void {
    const key = aggregationKey(event);
    const twin = key === null ? undefined : this.open.get(key);
    if (twin) {
      twin.count += 1;
      return;
    }
    if (this.buffer.length >= MAX_BUFFERED && !KEPT_ALWAYS.has(event.level)) {
      this.dropped++;
      return;
    }
    const pending: PendingEvent = { ...event, id: randomUUID(), count: 1 };
    this.buffer.push(pending);
    if (key !== null) this.open.set(key, pending);
    if (this.buffer.length >= BATCH_SIZE) void this.flush();
    else this.schedule();
  }

  /** Buffered rows (an aggregated row counts once). */
  pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far (and any spool); concurrent callers share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.exclusive(() => this.drain()).finally(() => {
      this.flushing = null;
      if (this.buffer.length) this.schedule();
      else if (this.options.spool?.hasPending()) this.schedule(REPLAY_RETRY_MS);
    });
    return this.flushing;
  }

  /**
   * Appends `events` now, in turn with the writer's own batches (one chain head), and rejects if
   * the database does. For system events whose caller must know they are stored (the pruning
   * checkpoint); their details are trusted and not redacted.
   */
  appendNow(events: AuditEvent[]): Promise<void> {
    const rows = events.map((e) => ({ ...e, id: randomUUID(), count: 1 }));
    return this.exclusive(async () => {
      await appendEvents(await this.db(), rows);
      this.written += rows.length;
    });
  }

  /** Runs `task` after every task queued before it: batches, replays and appendNow never interleave. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private schedule(delayMs = FLUSH_INTERVAL_MS): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const spool = this.options.spool;
    // Older events first: a spool from an outage is replayed before the newer buffer is written.
    let databaseUp = true;
    if (spool?.hasPending()) {
      try {
        const db = await this.db();
        this.replayed += await spool.replay(async (batch) => {
          this.written += await appendEvents(db, batch, { skipStored: true });
        }, BATCH_SIZE);
      } catch (error) {
        databaseUp = false;
        this.onError(error, "audit spool replay failed; will retry");
      }
    }
    while (this.buffer.length) {
      const batch = this.buffer.slice(0, BATCH_SIZE);
      // From here on repeats start a new row: this batch's counts are about to be hashed.
      for (const event of batch) {
        const key = aggregationKey(event);
        if (key !== null && this.open.get(key) === event) this.open.delete(key);
      }
      try {
        if (!databaseUp) throw new Error("audit database unavailable");
        this.written += await appendEvents(await this.db(), batch);
      } catch (error) {
        if (!spool) {
          this.onError(error, "audit write failed; will retry");
          return; // keep the batch in memory; the next flush retries it
        }
        try {
          spool.append(batch);
          this.spooled += batch.length;
          if (databaseUp) this.onError(error, `audit write failed; ${batch.length} events spooled to ${spool.path}`);
          databaseUp = false;
        } catch (spoolError) {
          this.onError(spoolError, "audit spool append failed; will retry");
          return;
        }
      }
      this.buffer.splice(0, batch.length);
    }
  }
}
