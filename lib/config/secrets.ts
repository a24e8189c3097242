import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { sha256Hex } from "@/lib/hash";

/**
 * Secrets of the embedded deployment: generated on first run and kept in DATA_DIR/secrets.json
 * (mode 0600), so a fresh checkout needs no set-up and a restart keeps sessions and MFA secrets valid.
 */

const storedSecretsSchema = z.object({
  authSecret: z.string().min(32),
  mfaEncryptionKey: z.string().refine((v) => Buffer.from(v, "base64").length === 32),
});
type StoredSecrets = z.infer<typeof storedSecretsSchema>;

export const SECRETS_FILE = "secrets.json";

function generate(): StoredSecrets {
  return {
    authSecret: randomBytes(32).toString("base64url"),
    mfaEncryptionKey: randomBytes(32).toString("base64"),
  };
}

/**
 * Reads DATA_DIR/secrets.json, creating it when absent. The exclusive create (`wx`) makes two
 * processes starting at once agree on one file: the loser of the race reads the winner's.
 */
export function loadOrCreateSecrets(dataDir: string): StoredSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, SECRETS_FILE);
  try {
    writeFileSync(file, JSON.stringify(generate(), null, 2) + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(file, 0o600);
  const parsed = storedSecretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is damaged; remove it to generate new secrets (signs everyone out)`);
  return parsed.data;
}

/** A short, stable, non-secret id of an encryption key, stored beside ciphertexts for rotation. */
export function keyId(key: Buffer): string {
  return sha256Hex(key).slice(0, 12);
}
