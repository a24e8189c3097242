import { createUser, listUsers, newUserSchema } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: access.admin }, async () => ({ users: await listUsers(await getDb()) }));

export const POST = apiRoute({ access: access.admin, body: newUserSchema }, async ({ body, audit }) => {
  const user = await createUser(await getDb(), body);
  await invalidateCachedRoute("GET /api/admin/users");
  audit({ type: "user.created", level: "info", outcome: "succeeded", details: { userId: user.id, email: user.email, role: user.role } });
  return json({ user }, { status: 201 });
});
