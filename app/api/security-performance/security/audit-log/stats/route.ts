import { z } from "zod";
import { auditStats, MAX_BUCKETS } from "@/lib/audit/stats";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const BUCKETS = { "1m": 60, "5m": 300, "15m": 900, "1h": 3_600, "6h": 21_600, "1d": 86_400 } as const;
const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

const statsQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    bucket: z.enum(Object.keys(BUCKETS) as [keyof typeof BUCKETS, ...Array<keyof typeof BUCKETS>]).default("1h"),
  })
  .transform((q) => {
    const to = q.to ?? new Date();
    return { to, from: q.from ?? new Date(to.getTime() - 24 * 3_600_000), bucketSeconds: BUCKETS[q.bucket] };
  })
  .superRefine((q, ctx) => {
    if (q.from >= q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
    else if ((q.to.getTime() - q.from.getTime()) / 1000 / q.bucketSeconds > MAX_BUCKETS) {
      ctx.addIssue({ code: "custom", path: ["bucket"], message: `the range holds more than ${MAX_BUCKETS} buckets: pick a larger bucket` });
    }
  });

/** Event counts by level and by type per time bucket (default: the last 24 hours by hour). */
export const GET = apiRoute({ access: access.scope("audit:read"), query: statsQuery }, async ({ query }) =>
  auditStats(await getDb(), { provider: getConfig().database.provider, ...query }),
);
