import { currentSecurityStatus } from "@/lib/audit";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Threat summary: events by level (last hour, last day), top offending IPs, protection modes. */
export const GET = apiRoute({ access: access.scope("audit:read") }, async () => currentSecurityStatus());
