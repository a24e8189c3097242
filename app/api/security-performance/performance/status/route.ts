import { access, apiRoute } from "@/lib/http/handler";
import { getPerformanceStatus } from "@/lib/monitoring";

export const dynamic = "force-dynamic";

/**
 * Who may call: an admin session, or an API key with `status:read`.
 * Resources now, the last minute of requests and the active alerts.
 */
export const GET = apiRoute({ access: access.scope("status:read") }, async () => getPerformanceStatus());
