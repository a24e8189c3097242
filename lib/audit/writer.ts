import type { Db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH } from "./chain";
import type { AuditEvent } from "./schema";

/** Events kept while the database is slow or away; beyond it, low-level events are dropped (and counted). */
const MAX_BUFFERED = 10_000;
const BATCH_SIZE = 500;
const FLUSH_INTERVAL_MS = 1_000;

const KEPT_ALWAYS = new Set(["high", "critical"]);

/**
 * Buffers audit events in memory and writes them in batches off the request path, chaining each
 * row's hash to its predecessor. `record` never waits on I/O and never throws.
 */
export class AuditWriter {
  private buffer: AuditEvent[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  dropped = 0;
  written = 0;

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(event: AuditEvent): void {
    if (this.buffer.length >= MAX_BUFFERED && !KEPT_ALWAYS.has(event.level)) {
      this.dropped++;
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length >= BATCH_SIZE) void this.flush();
    else this.schedule();
  }

  pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far; concurrent callers share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
      if (this.buffer.length) this.schedule();
    });
    return this.flushing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.slice(0, BATCH_SIZE);
      try {
        await this.write(batch);
      } catch (error) {
        this.onError(error);
        return; // keep the batch; the next flush retries it
      }
      this.buffer.splice(0, batch.length);
      this.written += batch.length;
    }
  }

  private async write(batch: AuditEvent[]): Promise<void> {
    const db = await this.db();
    await db.$transaction(async (tx) => {
      const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows = batch.map((event) => {
        seq += 1;
        const fields = {
          seq,
          time: event.time,
          type: event.type,
          level: event.level,
          actorType: event.actor.type,
          actorId: event.actor.type === "anonymous" ? null : event.actor.id,
          ip: event.ip,
          userAgent: event.userAgent,
          method: event.method,
          route: event.route,
          requestId: event.requestId,
          outcome: event.outcome,
          details: JSON.stringify(event.details),
          count: 1,
        };
        const hash = chainHash(prevHash, fields);
        const row = { ...fields, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await tx.auditEvent.createMany({ data: rows });
    });
  }
}
