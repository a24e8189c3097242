import { z } from "zod";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { getSampler } from "@/lib/monitoring/sampler/sampler";
import { RANGES, resourceUsage, type Range } from "@/lib/monitoring/series";

export const dynamic = "force-dynamic";

const query = z.object({
  range: z.enum(Object.keys(RANGES) as [Range, ...Range[]], { error: "must be 5m, 1h, 24h or 7d" }).default("1h"),
});

/**
 * Who may call: an admin session, or an API key with `metrics:read`.
 * CPU, memory, disk and network over `range`: 5m and 1h from the in-memory samples, 24h and 7d
 * from the per-minute rollups in the database.
 */
export const GET = apiRoute({ access: access.scope("metrics:read"), query }, async ({ query }) => {
  const sampler = getSampler();
  return resourceUsage(query.range, {
    samples: (since) => sampler?.since(since) ?? [],
    latest: sampler?.latest() ?? null,
    db: getDb,
    intervalMs: getConfig().monitoring.intervalMs,
  });
});
