import type { Db } from "@/lib/db/client";
import type { RouteAuditEvent } from "@/lib/http/handler";
import { verificationAuditEvents } from "./audit-events";
import type { MfaSignInError } from "./sign-in-errors";
import type { MfaKey } from "./secret-crypto";
import { verifyCode, type VerifyOutcome } from "./verification";

export type SecondFactorResult =
  | { ok: true; mfa: boolean; events: RouteAuditEvent[] }
  | { ok: false; error: MfaSignInError; events: RouteAuditEvent[] };

/**
 * The second step of a sign-in, after the password was right. A user without MFA passes with
 * `mfa: false`; one with MFA needs a code (TOTP or backup) in the same request, which is checked
 * with replay protection and the lockout rule like any other code.
 */
export async function secondFactorAtSignIn(
  db: Db,
  input: { userId: string; code: string | undefined; ip: string | null; keys: readonly MfaKey[]; now?: Date },
): Promise<SecondFactorResult> {
  const { userId, code, ip, keys, now = new Date() } = input;
  const row = await db.mfaSecret.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (!row?.enabledAt) return { ok: true, mfa: false, events: [] };
  if (!code) return { ok: false, error: { kind: "required" }, events: [] };
  const outcome = await verifyCode(db, userId, code, { keys, now, ip });
  const events = verificationAuditEvents(userId, outcome, "sign-in");
  if (outcome.ok) return { ok: true, mfa: true, events };
  const error = failureOf(outcome);
  return error ? { ok: false, error, events } : { ok: true, mfa: false, events };
}

/** What a failed verification means to the person (null for "no MFA to check"). */
export function failureOf(outcome: VerifyOutcome): MfaSignInError | null {
  if (outcome.ok || outcome.reason === "not-enrolled") return null;
  const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
  if (!("lockedNow" in outcome)) return { kind: outcome.reason, seconds };
  return outcome.lockedNow ? { kind: "locked", seconds } : { kind: outcome.reason };
}
