import { requireRecentAuthentication } from "@/lib/auth/reauth";
import { createUser, listUsers, newUserSchema } from "@/lib/auth/users";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: access.admin }, async () => ({ users: await listUsers(await getDb()) }));

/** Creates an account (an admin one too): needs a recent sign-in, as every change to who may do what. */
export const POST = apiRoute({ access: access.admin, body: newUserSchema }, async ({ principal, body, audit }) => {
  requireRecentAuthentication(principal, getConfig().reauthWindowSeconds);
  const user = await createUser(await getDb(), body);
  await invalidateCachedRoute("GET /api/admin/users");
  audit({ type: "user.created", level: "info", outcome: "succeeded", details: { userId: user.id, email: user.email, role: user.role } });
  return json({ user }, { status: 201 });
});
