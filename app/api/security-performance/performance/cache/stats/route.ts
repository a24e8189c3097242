import { getCache } from "@/lib/cache";
import { access, apiRoute } from "@/lib/http/handler";
import { compressionStats } from "@/lib/http/compression-stats";

export const dynamic = "force-dynamic";

/**
 * Cache figures per level (L1 in-process, L2 Redis) and namespace, and the bytes compression saved.
 * Who: admin sessions and API keys with metrics:read (cache figures are performance metrics).
 * L1 and the counters are this instance's; L2 entries and bytes are Redis's, shared by all.
 */
export const GET = apiRoute({ access: access.scope("metrics:read") }, async () => ({
  cache: await getCache().stats(),
  compression: compressionStats(),
}));
