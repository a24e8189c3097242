import { access, apiRoute } from "@/lib/http/handler";
import { prometheusRegistry } from "@/lib/monitoring/prometheus";

export const dynamic = "force-dynamic";

/**
 * Who may call: an admin session, or an API key with `metrics:read` (a Prometheus scrape job
 * sends it as `Authorization: Bearer pgk_…`). Prometheus text exposition format.
 */
export const GET = apiRoute({ access: access.scope("metrics:read") }, async () => {
  const registry = prometheusRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
});
