import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { passwordSchema, updateUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const changeSchema = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() })
  .refine((c) => Object.keys(c).length > 0, { error: "name at least one of role, disabled, password" });

export const PATCH = apiRoute(
  { access: access.admin, params: z.object({ id: z.string().min(1) }), body: changeSchema },
  async ({ params, body }) => ({ user: await updateUser(await getDb(), params.id, body) }),
);
