import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute } from "@/lib/http/handler";
import { verificationAuditEvents } from "@/lib/mfa/audit-events";
import { replaceBackupCodes } from "@/lib/mfa/enrollment";
import { codeBodySchema, ownAccountOnly, rejectFailedCode, userIdParams } from "@/lib/mfa/http";
import { mfaPermission } from "@/lib/mfa/permissions";
import { verifyCode } from "@/lib/mfa/verification";

export const dynamic = "force-dynamic";

/** `{code}` for your own id: a new set of 10 backup codes, returned once; the old set stops working. */
export const POST = apiRoute({ access: access.signedIn, params: userIdParams, body: codeBodySchema }, async ({ principal, params, body, audit }) => {
  if (mfaPermission(principal, params.userId) !== "self") ownAccountOnly();
  const db = await getDb();
  const outcome = await verifyCode(db, params.userId, body.code, { keys: [getConfig().mfaKey] });
  for (const event of verificationAuditEvents(params.userId, outcome, "api")) audit(event);
  if (!outcome.ok) rejectFailedCode(outcome);
  const backupCodes = await replaceBackupCodes(db, params.userId);
  audit({ type: "mfa.backup_codes.regenerated", level: "low", outcome: "succeeded", details: { userId: params.userId } });
  return { backupCodes };
});
