import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** An AES-256 key and the id stored next to what it encrypted, so keys can be rotated. */
export interface MfaKey {
  id: string;
  key: Buffer;
}

export interface EncryptedSecret {
  encryptedSecret: string;
  keyId: string;
}

const VERSION = "v1";

/**
 * AES-256-GCM with a fresh 96-bit IV per secret; the user id is the associated data, so a
 * ciphertext copied onto another user's row does not decrypt. Stored as `v1.<iv>.<ciphertext>.<tag>`.
 */
export function encryptSecret(secret: string, userId: string, key: MfaKey): EncryptedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(userId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return { encryptedSecret: [VERSION, ...parts].join("."), keyId: key.id };
}

/**
 * Decrypts with the key the row names, looked up in `keys` (today the configured key; a rotation
 * adds the previous one). Throws when the key is unknown or the ciphertext was tampered with.
 */
export function decryptSecret(stored: EncryptedSecret, userId: string, keys: readonly MfaKey[]): string {
  const key = keys.find((k) => k.id === stored.keyId);
  if (!key) throw new Error(`MFA secret is encrypted with unknown key ${stored.keyId}`);
  const [version, iv, ciphertext, tag] = stored.encryptedSecret.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error("MFA secret has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(userId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
