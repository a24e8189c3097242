import { access, apiRoute } from "@/lib/http/handler";
import { getCombinedStatus } from "@/lib/status/combined";

export const dynamic = "force-dynamic";

/**
 * Who may call: an admin session, or an API key with `status:read`.
 * Performance and security status with one overall verdict; offending IPs only with `audit:read`.
 */
export const GET = apiRoute({ access: access.scope("status:read") }, async ({ principal }) => getCombinedStatus(principal!));
