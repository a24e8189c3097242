import { z } from "zod";
import { auditEventTypeSchema, auditLevelSchema } from "./schema";

/**
 * Free text (a LIKE no index serves) is searched within at most this window, so a search never
 * scans the whole log. 24 h: bench:audit measured a worst-case search (no match) over one day of
 * a million-event, 90-day log at ~25 ms, over seven days at ~270 ms.
 */
export const TEXT_SEARCH_MAX_WINDOW_MS = 24 * 60 * 60 * 1000;
export const PAGE_LIMIT_MAX = 500;

/** `a,b,c` → ["a","b","c"], each checked against `item`. */
const csvList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((text) => text.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(50));

const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" }).transform((s) => new Date(s));

/**
 * The filters of the audit-log query string, shared by the list, the export and the stats.
 * `actor` is a user or API key id, or `anonymous` / `system`; `q` is free text over the route,
 * user agent, request id, actor, IP and details.
 */
export const auditFiltersSchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    type: csvList(auditEventTypeSchema).optional(),
    level: csvList(auditLevelSchema).optional(),
    actor: z.string().trim().min(1).max(128).optional(),
    ip: z.string().trim().min(1).max(64).optional(),
    q: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
    if (f.q && f.from && (f.to?.getTime() ?? Date.now()) - f.from.getTime() > TEXT_SEARCH_MAX_WINDOW_MS) {
      ctx.addIssue({ code: "custom", path: ["q"], message: "free text searches at most 24 hours: narrow from/to" });
    }
  });
export type AuditFilters = z.output<typeof auditFiltersSchema>;

export const auditListQuerySchema = auditFiltersSchema.and(
  z.object({
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(50),
    format: z.enum(["json", "csv"]).optional(),
  }),
);
export type AuditListQuery = z.output<typeof auditListQuerySchema>;

/**
 * The time window a query really covers. Free text without `from` looks back 24 hours from `to`
 * (or now): the bounded scan is the price of searching without an index.
 */
export function effectiveWindow(filters: AuditFilters, now: Date): { from?: Date; to?: Date } {
  if (filters.q && !filters.from) {
    const end = filters.to ?? now;
    return { from: new Date(end.getTime() - TEXT_SEARCH_MAX_WINDOW_MS), to: filters.to };
  }
  return { from: filters.from, to: filters.to };
}
