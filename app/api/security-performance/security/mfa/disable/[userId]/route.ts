import { sessionCookieWithMfa } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { access, apiRoute, json } from "@/lib/http/handler";
import { verificationAuditEvents } from "@/lib/mfa/audit-events";
import { removeMfa } from "@/lib/mfa/enrollment";
import { codeBodySchema, ownAccountOnly, rejectFailedCode, userIdParams } from "@/lib/mfa/http";
import { mfaPermission } from "@/lib/mfa/permissions";
import { verifyCode } from "@/lib/mfa/verification";

export const dynamic = "force-dynamic";

/**
 * `{code}` (a current TOTP code or a backup code) for your own id: turns MFA off. The session is
 * downgraded, so an admin under REQUIRE_ADMIN_MFA is sent to enroll again at once.
 */
export const POST = apiRoute({ access: access.signedIn, params: userIdParams, body: codeBodySchema }, async ({ principal, params, body, audit }) => {
  if (mfaPermission(principal, params.userId) !== "self") ownAccountOnly();
  const db = await getDb();
  const outcome = await verifyCode(db, params.userId, body.code, { keys: [getConfig().mfaKey] });
  for (const event of verificationAuditEvents(params.userId, outcome, "api")) audit(event);
  if (!outcome.ok) rejectFailedCode(outcome);
  await removeMfa(db, params.userId);
  audit({ type: "mfa.disabled", level: "medium", outcome: "succeeded", details: { userId: params.userId } });
  return json({ enabled: false }, { headers: { "set-cookie": await sessionCookieWithMfa(params.userId, false) } });
});
