import { z } from "zod";
import { ForbiddenError, MfaCodeRejectedError, RateLimitExceededError } from "@/lib/http/errors";
import { normalizeBackupCode } from "./backup-codes";
import { failureOf } from "./sign-in";
import { mfaSignInMessage } from "./sign-in-errors";
import { TOTP_CODE } from "./totp";
import type { VerifyOutcome } from "./verification";

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
