import type { Db } from "@/lib/db/client";
import { csvRow } from "./csv";
import type { Cursor } from "./cursor";
import type { AuditFilters } from "./filters";
import { findPage, toDto, type AuditEventDto, type Provider } from "./query";

const EXPORT_PAGE = 1_000;

export const CSV_COLUMNS = [
  "seq", "time", "type", "level", "actorType", "actorId", "ip", "userAgent", "method", "route", "requestId", "outcome", "count", "details", "hash",
] as const;

function csvLine(e: AuditEventDto): string {
  return csvRow([e.seq, e.time, e.type, e.level, e.actor.type, e.actor.id, e.ip, e.userAgent, e.method, e.route, e.requestId, e.outcome, e.count, JSON.stringify(e.details), e.hash]);
}

/**
 * The filtered set, newest first, as a stream that pages through the database with the same
 * keyset cursor as the list: memory stays at one page whatever the size, and a slow reader slows
 * the queries down instead of filling a buffer (pull-based).
 */
export function exportAuditEvents(db: Db, filters: AuditFilters, options: { provider: Provider; format: "csv" | "json"; now?: Date }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = options.now ?? new Date();
  let cursor: Cursor | null = null;
  let started = false;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(options.format === "csv" ? csvRow([...CSV_COLUMNS]) : "["));
        return;
      }
      if (done) return;
      const rows = await findPage(db, filters, { provider: options.provider, now, cursor, take: EXPORT_PAGE });
      let chunk = "";
      for (const row of rows) {
        const dto = toDto(row);
        chunk += options.format === "csv" ? csvLine(dto) : `${first ? "\n" : ",\n"}${JSON.stringify(dto)}`;
        first = false;
      }
      const last = rows[rows.length - 1];
      if (last) cursor = { time: last.time, seq: last.seq };
      if (rows.length < EXPORT_PAGE) {
        done = true;
        if (options.format === "json") chunk += first ? "]\n" : "\n]\n";
        if (chunk) controller.enqueue(encoder.encode(chunk));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

