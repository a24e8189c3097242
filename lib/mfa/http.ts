import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { requestMeta } from "@/lib/guard/request-meta";
import { ForbiddenError, MfaCodeRejectedError, RateLimitExceededError } from "@/lib/http/errors";
import type { RouteAuditEvent } from "@/lib/http/handler";
import { verificationAuditEvents } from "./audit-events";
import { mfaKeyRing } from "./key-ring";
import { normalizeBackupCode } from "./backup-codes";
import { mfaPermission } from "./permissions";
import { failureOf } from "./sign-in";
import { mfaSignInMessage } from "./sign-in-errors";
import { TOTP_CODE } from "./totp";
import { verifyCode, type VerifyOutcome } from "./verification";

/** `{code}`: a 6-digit TOTP code or a backup code; anything else is a 422 naming `body.code`. */
export const codeBodySchema = z.strictObject({
  code: z
    .string({ error: "must be a string" })
    .trim()
    .refine((c) => TOTP_CODE.test(c) || normalizeBackupCode(c) !== null, { error: "must be a 6-digit code or a backup code (xxxx-xxxx-xxxx)" }),
});

export const userIdParams = z.object({ userId: z.string().min(1).max(64) });

export const OWN_ACCOUNT_ONLY = "You may use two-factor authentication for your own account only.";

export function ownAccountOnly(): never {
  throw new ForbiddenError(OWN_ACCOUNT_ONLY);
}

/** A failed verification as an HTTP error: waits and lockouts are 429 with Retry-After; wrong or reused codes 403. */
export function rejectFailedCode(outcome: Exclude<VerifyOutcome, { ok: true }>): never {
  const failure = failureOf(outcome);
  if (!failure) throw new MfaCodeRejectedError("Two-factor authentication is not set up for this account.");
  const message = mfaSignInMessage(failure);
  if (failure.kind === "wait" || failure.kind === "locked") throw new RateLimitExceededError(failure.seconds, message);
  throw new MfaCodeRejectedError(message);
}

/**
 * What every MFA route that takes a code does first: own account only, check the code (replay and
 * lockout included), audit the outcome, and turn a failure into its HTTP error.
 */
export async function verifyOwnCode(
  db: Db,
  input: { principal: Principal | null; userId: string; code: string; mode?: "verify" | "enroll"; request: NextRequest; audit: (event: RouteAuditEvent) => void },
): Promise<Extract<VerifyOutcome, { ok: true }>> {
  if (mfaPermission(input.principal, input.userId) !== "self") ownAccountOnly();
  const mode = input.mode ?? "verify";
  const ip = requestMeta(input.request.headers, input.request.nextUrl).ip;
  const outcome = await verifyCode(db, input.userId, input.code, { keys: mfaKeyRing(getConfig()), mode, ip });
  for (const event of verificationAuditEvents(input.userId, outcome, mode === "enroll" ? "enrollment" : "api")) input.audit(event);
  if (!outcome.ok) rejectFailedCode(outcome);
  return outcome;
}
