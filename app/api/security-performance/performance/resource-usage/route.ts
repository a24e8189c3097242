import { z } from "zod";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { preparedAnswers } from "@/lib/http/prepared-answer";
import { getSampler } from "@/lib/monitoring/sampler/sampler";
import { RANGES, resourceUsage, type Range } from "@/lib/monitoring/series";

export const dynamic = "force-dynamic";

const query = z.object({
  range: z.enum(Object.keys(RANGES) as [Range, ...Range[]], { error: "must be 5m, 1h, 24h or 7d" }).default("1h"),
});

// The answer only changes with a new sample (memory ranges) or a new minute (rollups): build it
// once per version, not once per request, whoever asks (it holds no per-caller data).
const answers = preparedAnswers<Range>();

/**
 * Who may call: an admin session, or an API key with `metrics:read`.
 * CPU, memory, disk and network over `range`: 5m and 1h from the in-memory samples, 24h and 7d
 * from the per-minute rollups in the database.
 */
export const GET = apiRoute({ access: access.scope("metrics:read"), query }, async ({ query }) => {
  const sampler = getSampler();
  const latest = sampler?.latest() ?? null;
  const { database, monitoring } = getConfig();
  // Rollups change once a minute, in one database (named too, so a process that switches databases, as tests do, never mixes them).
  const version = RANGES[query.range].source === "memory" ? String(latest?.time ?? 0) : `${Math.floor(Date.now() / 60_000)}:${database.provider === "sqlite" ? database.file : database.url}`;
  const { body, etag } = await answers(query.range, version, async () =>
    JSON.stringify(
      await resourceUsage(query.range, {
        samples: (since) => sampler?.since(since) ?? [],
        latest,
        db: getDb,
        intervalMs: monitoring.intervalMs,
      }),
    ),
  );
  // Cache-Control comes from lib/http/http-cache.ts's table; the ETag is this version's.
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", etag } });
});
