import { randomInt } from "node:crypto";
import { sha256Hex } from "@/lib/hash";

/**
 * Backup codes: 10 per set, 12 characters from a 31-character alphabet without look-alikes
 * (59.4 bits each, above the 50 the requirement sets), shown as `xxxx-xxxx-xxxx`. They carry
 * enough entropy that a plain SHA-256 is a sound hash (no password-style stretching needed).
 */
export const BACKUP_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // 31 letters: no i, l, o, 0, 1
const LENGTH = 12;

/** Bits of entropy per code: 12 × log2(31) ≈ 59.4. */
export const BACKUP_CODE_BITS = LENGTH * Math.log2(ALPHABET.length);

export function newBackupCode(): string {
  let raw = "";
  for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export function newBackupCodeSet(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
}

/** What a person typed, reduced to the code: case, spaces and hyphens do not matter. Null when it cannot be a code. */
export function normalizeBackupCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  if (compact.length !== LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return compact;
}

export function hashBackupCode(normalized: string): string {
  return sha256Hex(`printguard-backup-code:${normalized}`);
}

/** Backup codes remaining at or below this count earn a warning on the account page. */
export const LOW_BACKUP_CODES = 2;
