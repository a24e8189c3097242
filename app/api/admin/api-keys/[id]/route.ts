import { z } from "zod";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";

export const dynamic = "force-dynamic";

/** Revokes the key (kept for the record, refused from now on). */
export const DELETE = apiRoute(
  { access: access.admin, params: z.object({ id: z.string().min(1) }) },
  async ({ params, audit }) => {
    const apiKey = await revokeApiKey(await getDb(), params.id);
    await invalidateCachedRoute("GET /api/admin/api-keys");
    audit({ type: "apikey.revoked", level: "medium", outcome: "succeeded", details: { keyId: apiKey.id, name: apiKey.name, prefix: apiKey.prefix } });
    return { apiKey };
  },
);
