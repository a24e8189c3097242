import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { replaceBackupCodes } from "@/lib/mfa/enrollment";
import { codeBodySchema, userIdParams, verifyOwnCode } from "@/lib/mfa/http";

export const dynamic = "force-dynamic";

/** `{code}` for your own id: a new set of 10 backup codes, returned once; the old set stops working. */
export const POST = apiRoute({ access: access.signedIn, params: userIdParams, body: codeBodySchema }, async ({ request, principal, params, body, audit }) => {
  const db = await getDb();
  await verifyOwnCode(db, { principal, userId: params.userId, code: body.code, request, audit });
  const backupCodes = await replaceBackupCodes(db, params.userId);
  audit({ type: "mfa.backup_codes.regenerated", level: "low", outcome: "succeeded", details: { userId: params.userId } });
  return { backupCodes };
});
