import { z } from "zod";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { requireRecentAuthentication } from "@/lib/auth/reauth";
import { scopeSchema } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";

export const dynamic = "force-dynamic";

const newKeySchema = z.strictObject({
  name: z.string().trim().min(1, { error: "is required" }).max(100),
  scopes: z.array(scopeSchema).min(1, { error: "choose at least one scope" }),
});

export const GET = apiRoute({ access: access.admin }, async () => ({ apiKeys: await listApiKeys(await getDb()) }));

/**
 * Creates a key; the response is the only place its secret ever appears. A key outlives the
 * session that made it, so minting one needs a recent sign-in: a stolen or forgotten session must
 * not turn into lasting access. (Revoking a key does not: it only takes access away.)
 */
export const POST = apiRoute({ access: access.admin, body: newKeySchema }, async ({ body, principal, audit }) => {
  if (principal?.kind !== "user") throw new Error("admin access implies a user principal");
  requireRecentAuthentication(principal, getConfig().reauthWindowSeconds);
  const { key, summary } = await createApiKey(await getDb(), { ...body, createdById: principal.userId });
  await invalidateCachedRoute("GET /api/admin/api-keys");
  audit({ type: "apikey.created", level: "medium", outcome: "succeeded", details: { keyId: summary.id, name: summary.name, prefix: summary.prefix, scopes: summary.scopes } });
  return json({ key, apiKey: summary }, { status: 201 });
});
