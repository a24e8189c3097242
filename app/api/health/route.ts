import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. No auth, no database. */
export const GET = apiRoute({ access: access.public }, async () => ({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }));
