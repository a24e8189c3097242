import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BACKUP_CODE_BITS, BACKUP_CODE_COUNT, hashBackupCode, newBackupCodeSet, normalizeBackupCode } from "@/lib/mfa/backup-codes";
import { decryptSecret, encryptSecret } from "@/lib/mfa/secret-crypto";

const key = { id: "k1", key: randomBytes(32) };
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("secret encryption (AES-256-GCM)", () => {
  it("round-trips, names the key, and never stores the secret in the clear", () => {
    const stored = encryptSecret(SECRET, "user-1", key);
    expect(stored.keyId).toBe("k1");
    expect(stored.encryptedSecret).not.toContain(SECRET);
    expect(decryptSecret(stored, "user-1", [key])).toBe(SECRET);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret(SECRET, "user-1", key).encryptedSecret).not.toBe(encryptSecret(SECRET, "user-1", key).encryptedSecret);
  });

  it("refuses another user's row, a tampered ciphertext, and an unknown key", () => {
    const stored = encryptSecret(SECRET, "user-1", key);
    expect(() => decryptSecret(stored, "user-2", [key])).toThrow();
    const parts = stored.encryptedSecret.split(".");
    parts[2] = Buffer.from("X".repeat(32)).toString("base64url");
    expect(() => decryptSecret({ ...stored, encryptedSecret: parts.join(".") }, "user-1", [key])).toThrow();
    expect(() => decryptSecret(stored, "user-1", [{ id: "k2", key: randomBytes(32) }])).toThrow(/unknown key k1/);
  });

  it("decrypts with the key the row names when several are configured (rotation)", () => {
    const old = { id: "old", key: randomBytes(32) };
    const stored = encryptSecret(SECRET, "u", old);
    expect(decryptSecret(stored, "u", [key, old])).toBe(SECRET);
  });
});

describe("backup codes", () => {
  it("a set is 10 distinct codes of at least 50 bits, shown as xxxx-xxxx-xxxx", () => {
    const codes = newBackupCodeSet();
    expect(codes).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(BACKUP_CODE_BITS).toBeGreaterThanOrEqual(50);
  });

  it("ignores case, spaces and hyphens, and refuses what cannot be a code", () => {
    expect(normalizeBackupCode(" ABCD-efgh 2345 ")).toBe("abcdefgh2345");
    expect(normalizeBackupCode("123456")).toBeNull();
    expect(normalizeBackupCode("abcd-efgh-234l")).toBeNull(); // l is not in the alphabet
  });

  it("hashes deterministically without revealing the code", () => {
    expect(hashBackupCode("abcdefgh2345")).toBe(hashBackupCode("abcdefgh2345"));
    expect(hashBackupCode("abcdefgh2345")).not.toContain("abcdefgh2345");
    expect(hashBackupCode("abcdefgh2345")).toMatch(/^[0-9a-f]{64}$/);
  });
});
