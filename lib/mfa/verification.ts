import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { UNKNOWN_CLIENT } from "@/lib/http/client-ip";
import { hashBackupCode, normalizeBackupCode } from "./backup-codes";
import { DEFAULT_LOCKOUT, lockoutDecision, locksAt, strictest, type LockoutRule, type LockoutState } from "./lockout";
import { decryptSecret, type MfaKey } from "./secret-crypto";
import { matchTotp, TOTP_CODE } from "./totp";

/** What checking one code decided. Failures carry what the caller needs to say and to audit. */
export type VerifyOutcome =
  | { ok: true; method: "totp" | "backup"; backupCodesRemaining: number | null }
  | { ok: false; reason: "invalid" | "replayed"; failedAttempts: number; lockedNow: boolean; retryAfterMs: number }
  | { ok: false; reason: "wait" | "locked"; retryAfterMs: number }
  | { ok: false; reason: "not-enrolled" };

export interface VerifyOptions {
  keys: readonly MfaKey[];
  now?: Date;
  /** "enroll" checks a pending secret (TOTP only) and enables it on success; "verify" needs an enabled one. */
  mode?: "verify" | "enroll";
  rule?: LockoutRule;
  /** The client's address: wrong codes are also counted per IP, across users (null: not known). */
  ip?: string | null;
}

/** Lost compare-and-swaps on one account's count before an attempt is refused unchecked. */
const MAX_COUNT_RACES = 8;

/** A 6-digit TOTP code or a backup code (any case, spaces and hyphens ignored). */
export function isWellFormedCode(code: string): boolean {
  return TOTP_CODE.test(code) || normalizeBackupCode(code) !== null;
}

/**
 * Checks one code for `userId` and records the result durably: the accepted time step (a code is
 * accepted once: every later use of that step or an earlier one is a replay), the used backup
 * code, or one more consecutive failure for the user and for the client IP. Refuses unchecked
 * while the lockout rule says wait for either; a success resets both counts.
 */
export async function verifyCode(db: Db, userId: string, code: string, options: VerifyOptions): Promise<VerifyOutcome> {
  const now = options.now ?? new Date();
  const mode = options.mode ?? "verify";
  const rule = options.rule ?? DEFAULT_LOCKOUT;
  // "unknown" (no trusted socket address, e.g. under `next dev`) would be one bucket for everyone.
  const ip = options.ip && options.ip !== UNKNOWN_CLIENT ? options.ip : null;

  // Pass the gate and count this attempt as a failure in one step, before the code is checked: a
  // conditional write on the count just read (compare-and-swap). Of attempts racing past the gate,
  // one wins each count; the others read again and meet the gate with the new count, so a burst of
  // parallel guesses gets no more checks than the same guesses one after another. The account is
  // counted first, then the address the same way. A correct code clears both counts again below.
  // (An attempt that loses a race after its account was counted and is then refused keeps that
  // count: contention errs towards counting, never towards an unchecked guess.)
  let row = await db.mfaSecret.findUnique({ where: { userId } });
  let ipRow: LockoutState | null = null;
  for (let race = 0; ; race++) {
    if (!row || (mode === "verify") !== (row.enabledAt !== null)) return { ok: false, reason: "not-enrolled" };
    ipRow = ip ? await db.mfaIpThrottle.findUnique({ where: { ip } }) : null;
    const gate = strictest(lockoutDecision(row, now.getTime(), rule), lockoutDecision(ipRow, now.getTime(), rule));
    if (gate.kind !== "allow") return { ok: false, reason: gate.kind, retryAfterMs: gate.retryAfterMs };
    const counted = await db.mfaSecret.updateMany({
      where: { userId, failedAttempts: row.failedAttempts },
      data: { failedAttempts: row.failedAttempts + 1, lastFailedAt: now, updatedAt: now },
    });
    if (counted.count === 1) break;
    // Lost the race to other attempts for this account: under sustained contention, refuse unchecked.
    if (race >= MAX_COUNT_RACES) return { ok: false, reason: "wait", retryAfterMs: rule.baseDelayMs };
    row = await db.mfaSecret.findUnique({ where: { userId } });
  }
  const user: LockoutState = { failedAttempts: row.failedAttempts + 1, lastFailedAt: now };
  let address: LockoutState | null = null;
  if (ip) {
    for (let race = 0; ; race++) {
      if (await countAddress(db, ip, ipRow, now)) break;
      if (race >= MAX_COUNT_RACES) return { ok: false, reason: "wait", retryAfterMs: rule.baseDelayMs };
      ipRow = await db.mfaIpThrottle.findUnique({ where: { ip } });
      const gate = lockoutDecision(ipRow, now.getTime(), rule);
      if (gate.kind !== "allow") return { ok: false, reason: gate.kind, retryAfterMs: gate.retryAfterMs };
    }
    address = { failedAttempts: (ipRow?.failedAttempts ?? 0) + 1, lastFailedAt: now };
  }

  const succeeded = async (result: Extract<VerifyOutcome, { ok: true }>) => {
    if (ip) await db.mfaIpThrottle.deleteMany({ where: { ip } });
    return result;
  };
  const failed = (reason: "invalid" | "replayed") => failure(user, address, reason, now, rule);

  const trimmed = code.trim();
  if (TOTP_CODE.test(trimmed)) {
    const secret = decryptSecret(row, userId, options.keys);
    const match = matchTotp(secret, trimmed, now.getTime());
    if (match.valid) {
      // One conditional write: two requests racing with the same code cannot both win.
      const claimed = await db.mfaSecret.updateMany({
        where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: match.step } }] },
        data: { lastUsedStep: match.step, failedAttempts: 0, lastFailedAt: null, updatedAt: now, ...(mode === "enroll" ? { enabledAt: now } : {}) },
      });
      if (claimed.count === 1) return succeeded({ ok: true, method: "totp", backupCodesRemaining: null });
      return failed("replayed");
    }
  } else if (mode === "verify") {
    const normalized = normalizeBackupCode(trimmed);
    if (normalized !== null) {
      const used = await db.backupCode.updateMany({
        where: { userId, codeHash: hashBackupCode(normalized), usedAt: null },
        data: { usedAt: now },
      });
      if (used.count === 1) {
        await db.mfaSecret.update({ where: { userId }, data: { failedAttempts: 0, lastFailedAt: null, updatedAt: now } });
        const remaining = await db.backupCode.count({ where: { userId, usedAt: null } });
        return succeeded({ ok: true, method: "backup", backupCodesRemaining: remaining });
      }
    }
  }
  return failed("invalid");
}

/** One more wrong code for the address, if its count is still `seen` (null: no row yet). */
async function countAddress(db: Db, ip: string, seen: LockoutState | null, now: Date): Promise<boolean> {
  if (seen) {
    const { count } = await db.mfaIpThrottle.updateMany({
      where: { ip, failedAttempts: seen.failedAttempts },
      data: { failedAttempts: seen.failedAttempts + 1, lastFailedAt: now, updatedAt: now },
    });
    return count === 1;
  }
  try {
    await db.mfaIpThrottle.create({ data: { ip, failedAttempts: 1, lastFailedAt: now, updatedAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // another attempt created it first
    throw error;
  }
}

/** The outcome of a wrong code, already counted for the account and the address. */
function failure(user: LockoutState, address: LockoutState | null, reason: "invalid" | "replayed", now: Date, rule: LockoutRule): VerifyOutcome {
  const next = strictest(lockoutDecision(user, now.getTime(), rule), lockoutDecision(address, now.getTime(), rule));
  return {
    ok: false,
    reason,
    // The user's count: what the audit event and the messages speak of.
    failedAttempts: user.failedAttempts,
    lockedNow: locksAt(user.failedAttempts, rule) || (address !== null && locksAt(address.failedAttempts, rule)),
    retryAfterMs: next.kind === "allow" ? 0 : next.retryAfterMs,
  };
}
