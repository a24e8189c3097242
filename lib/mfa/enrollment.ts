import type { Db } from "@/lib/db/client";
import { hashBackupCode, LOW_BACKUP_CODES, newBackupCodeSet, normalizeBackupCode } from "./backup-codes";
import { encryptSecret, type MfaKey } from "./secret-crypto";
import { newTotpSecret, otpauthUrl } from "./totp";

export interface MfaStatus {
  enabled: boolean;
  /** An enrollment was started and not confirmed yet. */
  pending: boolean;
  enabledAt: Date | null;
  backupCodesRemaining: number;
  /** At or below LOW_BACKUP_CODES: time to regenerate. */
  backupCodesLow: boolean;
}

export async function mfaStatus(db: Db, userId: string): Promise<MfaStatus> {
  const row = await db.mfaSecret.findUnique({ where: { userId }, select: { enabledAt: true } });
  const remaining = row?.enabledAt ? await db.backupCode.count({ where: { userId, usedAt: null } }) : 0;
  return {
    enabled: Boolean(row?.enabledAt),
    pending: row !== null && row.enabledAt === null,
    enabledAt: row?.enabledAt ?? null,
    backupCodesRemaining: remaining,
    backupCodesLow: Boolean(row?.enabledAt) && remaining <= LOW_BACKUP_CODES,
  };
}

export class MfaAlreadyEnabledError extends Error {
  override name = "MfaAlreadyEnabledError";
}

/**
 * Starts (or restarts) a pending enrollment: a new secret, encrypted at rest, returned this once
 * so the wizard can show it. An enabled MFA is never replaced here: disable it first with a code.
 */
export async function startEnrollment(db: Db, user: { id: string; email: string }, key: MfaKey, now = new Date()): Promise<{ secret: string; otpauthUrl: string }> {
  const existing = await db.mfaSecret.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  if (existing?.enabledAt) throw new MfaAlreadyEnabledError("Two-factor authentication is already on; turn it off first to enroll a new app.");
  const secret = newTotpSecret();
  const stored = { ...encryptSecret(secret, user.id, key), enabledAt: null, lastUsedStep: null, failedAttempts: 0, lastFailedAt: null, updatedAt: now };
  await db.mfaSecret.upsert({ where: { userId: user.id }, create: { userId: user.id, createdAt: now, ...stored }, update: stored });
  return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
}

/** Replaces the user's backup codes with a new set (the old set stops working) and returns it, once. */
export async function replaceBackupCodes(db: Db, userId: string, now = new Date()): Promise<string[]> {
  const codes = newBackupCodeSet();
  await db.$transaction([
    db.backupCode.deleteMany({ where: { userId } }),
    db.backupCode.createMany({
      data: codes.map((code) => ({ userId, codeHash: hashBackupCode(normalizeBackupCode(code)!), createdAt: now })),
    }),
  ]);
  return codes;
}

/** Turns MFA off for the user: secret and backup codes are deleted. Returns whether anything was there. */
export async function removeMfa(db: Db, userId: string): Promise<boolean> {
  const [, secrets] = await db.$transaction([
    db.backupCode.deleteMany({ where: { userId } }),
    db.mfaSecret.deleteMany({ where: { userId } }),
  ]);
  return secrets.count > 0;
}
