import { sessionCookieWithMfa } from "@/lib/auth/session-cookie";
import { getDb } from "@/lib/db/client";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";
import { removeMfa } from "@/lib/mfa/enrollment";
import { codeBodySchema, userIdParams, verifyOwnCode } from "@/lib/mfa/http";

export const dynamic = "force-dynamic";

/**
 * `{code}` (a current TOTP code or a backup code) for your own id: turns MFA off. The session is
 * downgraded, so an admin under REQUIRE_ADMIN_MFA is sent to enroll again at once.
 */
export const POST = apiRoute({ access: access.signedIn, params: userIdParams, body: codeBodySchema }, async ({ request, principal, params, body, audit }) => {
  const db = await getDb();
  await verifyOwnCode(db, { principal, userId: params.userId, code: body.code, request, audit });
  await removeMfa(db, params.userId);
  audit({ type: "mfa.disabled", level: "medium", outcome: "succeeded", details: { userId: params.userId } });
  await invalidateCachedRoute("GET /api/admin/users"); // the list shows who has MFA
  return json({ enabled: false }, { headers: { "set-cookie": await sessionCookieWithMfa(params.userId, false) } });
});
