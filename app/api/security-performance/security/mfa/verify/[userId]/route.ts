import { sessionCookieWithMfa } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { ConflictError } from "@/lib/http/errors";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";
import { mfaStatus, replaceBackupCodes } from "@/lib/mfa/enrollment";
import { codeBodySchema, ownAccountOnly, userIdParams, verifyOwnCode } from "@/lib/mfa/http";
import { mfaPermission } from "@/lib/mfa/permissions";

export const dynamic = "force-dynamic";

/**
 * `{code}` for your own id. With a pending enrollment: a valid TOTP code enables MFA and the
 * answer carries the backup codes, once. With MFA on: checks a TOTP or backup code. Either way a
 * success upgrades the caller's session to an MFA session (Set-Cookie).
 */
export const POST = apiRoute(
  { access: access.signedIn, params: userIdParams, body: codeBodySchema, allowWithoutMfa: true },
  async ({ request, principal, params, body, audit }) => {
    if (mfaPermission(principal, params.userId) !== "self") ownAccountOnly();
    const db = await getDb();
    const userId = params.userId;
    const status = await mfaStatus(db, userId);
    if (!status.pending && !status.enabled) throw new ConflictError("No enrollment is pending: start one with POST …/mfa/setup/{userId} first.");

    const mode = status.pending ? "enroll" : "verify";
    const outcome = await verifyOwnCode(db, { principal, userId, code: body.code, mode, request, audit });

    const cookie = await sessionCookieWithMfa(userId, true);
    if (mode === "enroll") {
      const backupCodes = await replaceBackupCodes(db, userId);
      audit({ type: "mfa.enrolled", level: "info", outcome: "succeeded", details: { userId } });
      await invalidateCachedRoute("GET /api/admin/users"); // the list shows who has MFA
      return json({ enabled: true, backupCodes }, { headers: { "set-cookie": cookie } });
    }
    return json({ verified: true, method: outcome.method, backupCodesRemaining: outcome.backupCodesRemaining }, { headers: { "set-cookie": cookie } });
  },
);
