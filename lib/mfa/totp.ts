import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

/**
 * TOTP as every authenticator app accepts it (RFC 6238 defaults): SHA-1, 6 digits, 30-second
 * steps. otplib 13's functional API does the HMAC and the window; replay and lockout are ours.
 */
export const TOTP = Object.freeze({ issuer: "PrintGuard", algorithm: "sha1", digits: 6, periodSeconds: 30 } as const);

/** 20 random bytes (160 bits, RFC 4226's recommendation) from otplib's CSPRNG, Base32 without padding. */
export const SECRET_BYTES = 20;

export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/** The `otpauth://totp/PrintGuard:<email>?secret=…&issuer=PrintGuard` URI the QR code carries. */
export function otpauthUrl(secret: string, email: string): string {
  return generateURI({ issuer: TOTP.issuer, label: email, secret, algorithm: TOTP.algorithm, digits: TOTP.digits, period: TOTP.periodSeconds });
}

export const TOTP_CODE = /^\d{6}$/;

/** The time step a moment falls in. */
export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP.periodSeconds);
}

/** The code for a moment: used by tests and by nothing on the server's request path. */
export function totpAt(secret: string, nowMs: number): string {
  return generateSync({ secret, epoch: Math.floor(nowMs / 1000), algorithm: TOTP.algorithm, digits: TOTP.digits, period: TOTP.periodSeconds });
}

/**
 * Checks `code` against the current step and one step either side (clock drift between phone and
 * server). Returns the step that matched, so the caller can refuse it a second time.
 */
export function matchTotp(secret: string, code: string, nowMs: number): { valid: true; step: number } | { valid: false } {
  if (!TOTP_CODE.test(code)) return { valid: false };
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP.periodSeconds,
    algorithm: TOTP.algorithm,
    digits: TOTP.digits,
    period: TOTP.periodSeconds,
  });
  // delta is how many steps away from now the code matched (-1, 0 or +1).
  return result.valid ? { valid: true, step: timeStep(nowMs) + result.delta } : { valid: false };
}
