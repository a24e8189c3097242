import { clearScopeSchema, getCache } from "@/lib/cache";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/**
 * Empties the cache: `{"scope":"all"}`, `{"scope":"namespace","namespace":…}` or
 * `{"scope":"key","namespace":…,"key":…}`; every instance's L1 follows through Redis pub/sub.
 * Who: admin sessions and API keys with cache:write. Audited as cache.cleared.
 */
export const POST = apiRoute({ access: access.scope("cache:write"), body: clearScopeSchema }, async ({ body, audit }) => {
  const result = await getCache().clear(body);
  audit({ type: "cache.cleared", level: "medium", outcome: "succeeded", details: { ...body, ...result } });
  return { cleared: body, ...result };
});
