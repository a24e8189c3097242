import { exportAuditEvents } from "@/lib/audit/export";
import { auditListQuerySchema } from "@/lib/audit/filters";
import { InvalidCursorError, listAuditEvents } from "@/lib/audit/query";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { ValidationError } from "@/lib/http/errors";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;

/**
 * The audit log, newest first. Without `format`: one page `{events, nextCursor}`. With
 * `format=csv|json`: the whole filtered set as a streamed download.
 */
export const GET = apiRoute({ access: access.scope("audit:read"), query: auditListQuerySchema }, async ({ query, audit }) => {
  const { cursor, limit, format, ...filters } = query;
  const db = await getDb();
  const provider = getConfig().database.provider;
  if (format) {
    audit({ type: "audit.exported", level: "info", outcome: "succeeded", details: { format, filters } });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(exportAuditEvents(db, filters, { provider, format }), {
      headers: {
        "content-type": CONTENT_TYPES[format],
        "content-disposition": `attachment; filename="audit-log-${stamp}.${format}"`,
        "cache-control": "no-store",
      },
    });
  }
  try {
    return await listAuditEvents(db, filters, { provider, limit, cursor });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ValidationError([{ field: "query.cursor", message: error.message }]);
    throw error;
  }
});
