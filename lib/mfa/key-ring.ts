import type { Config } from "@/lib/config";
import type { MfaKey } from "./secret-crypto";

/**
 * The keys MFA secrets may be stored under: the current key first (it encrypts everything new),
 * then MFA_ENCRYPTION_KEYS_PREVIOUS during a rotation. Each stored secret names its key's id, so
 * decryption picks the right one; `npm run mfa:rekey` moves the old ones to the current key.
 */
export function mfaKeyRing(config: Pick<Config, "mfaKey" | "mfaPreviousKeys">): MfaKey[] {
  return [config.mfaKey, ...config.mfaPreviousKeys.filter((key) => key.id !== config.mfaKey.id)];
}
