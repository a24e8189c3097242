import { requireRecentAuthentication } from "@/lib/auth/reauth";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { access, apiRoute, json } from "@/lib/http/handler";
import { invalidateCachedRoute } from "@/lib/http/http-cache-response";
import { MfaAlreadyEnabledError, removeMfa, startEnrollment } from "@/lib/mfa/enrollment";
import { ownAccountOnly, userIdParams } from "@/lib/mfa/http";
import { mfaPermission } from "@/lib/mfa/permissions";
import { qrDataUrl } from "@/lib/mfa/qr";

export const dynamic = "force-dynamic";

/**
 * Both need a recent sign-in (REAUTH_WINDOW_SECONDS; 403 `reauthentication-required` otherwise).
 * For your own id: starts (or restarts) a pending enrollment and returns the secret this once.
 * For another user's id, as an admin: resets their MFA (secret and backup codes removed, their
 * sessions ended); they enroll again at their next sign-in if their role requires it.
 */
export const POST = apiRoute({ access: access.signedIn, params: userIdParams, allowWithoutMfa: true }, async ({ principal, params, audit }) => {
  const permission = mfaPermission(principal, params.userId);
  if (permission === "denied") ownAccountOnly();
  // Enrolling (own id) and resetting (an admin, another id) both replace a second factor.
  requireRecentAuthentication(principal, getConfig().reauthWindowSeconds);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: params.userId }, select: { id: true, email: true } });
  if (!user) throw new NotFoundError("No user has this id.");

  if (permission === "admin-reset") {
    const now = new Date();
    const hadMfa = await removeMfa(db, user.id);
    await db.user.update({ where: { id: user.id }, data: { sessionsValidFrom: now, updatedAt: now } });
    audit({ type: "mfa.reset", level: "medium", outcome: "succeeded", details: { userId: user.id, email: user.email, hadMfa } });
    await invalidateCachedRoute("GET /api/admin/users"); // the list shows who has MFA
    return { reset: true, userId: user.id, mfaEnabled: false };
  }

  try {
    const { secret, otpauthUrl } = await startEnrollment(db, user, getConfig().mfaKey);
    audit({ type: "mfa.enrollment.started", level: "info", outcome: "succeeded", details: { userId: user.id } });
    return json({ otpauthUrl, qrDataUrl: await qrDataUrl(otpauthUrl), secret }, { status: 201 });
  } catch (error) {
    if (error instanceof MfaAlreadyEnabledError) throw new ConflictError(error.message);
    throw error;
  }
});
