import { verifyAuditChain } from "@/lib/audit/verify";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Walks the hash chain: `{ok: true, checked, …}` or the first broken or missing link. */
export const GET = apiRoute({ access: access.scope("audit:read") }, async () => verifyAuditChain(await getDb()));
