import { z } from "zod";
import { requireRecentAuthentication } from "@/lib/auth/reauth";
import { roleSchema } from "@/lib/auth/roles";
import { passwordSchema, updateUser } from "@/lib/auth/users";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";

export const dynamic = "force-dynamic";

const changeSchema = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() })
  .refine((c) => Object.keys(c).length > 0, { error: "name at least one of role, disabled, password" });

/** Changes a role, disables or re-enables an account, or resets a password: needs a recent sign-in. */
export const PATCH = apiRoute(
  { access: access.admin, params: z.object({ id: z.string().min(1) }), body: changeSchema },
  async ({ principal, params, body, audit }) => {
    requireRecentAuthentication(principal, getConfig().reauthWindowSeconds);
    const user = await updateUser(await getDb(), params.id, body);
    await invalidateCachedRoute("GET /api/admin/users");
    const target = { userId: user.id, email: user.email };
    if (body.role !== undefined) audit({ type: "user.role.changed", level: "medium", outcome: "succeeded", details: { ...target, role: body.role } });
    if (body.disabled !== undefined) audit({ type: "user.disabled", level: "medium", outcome: "succeeded", details: { ...target, disabled: body.disabled } });
    if (body.password !== undefined) audit({ type: "user.password.reset", level: "medium", outcome: "succeeded", details: target });
    return { user };
  },
);
