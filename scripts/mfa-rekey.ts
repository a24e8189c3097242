// `npm run mfa:rekey`: re-encrypts every MFA secret under MFA_ENCRYPTION_KEY, decrypting with it or
// with a key from MFA_ENCRYPTION_KEYS_PREVIOUS (DEVELOPERS.md, "Rotating the MFA key"). Exit code 0
// when every secret is under the current key, 1 when some are not (named by user id), 2 when it
// could not run. The run is an audit event (counts and key id; never a secret).
import { getAuditWriter, recordAudit, systemEvent } from "@/lib/audit";
import { ConfigError, getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { mfaKeyRing } from "@/lib/mfa/key-ring";
import { rekeySecrets } from "@/lib/mfa/rekey";

try {
  const config = getConfig();
  const result = await rekeySecrets(await getDb(), config.mfaKey, mfaKeyRing(config));
  console.log(`mfa:rekey: ${result.rewritten} secrets re-encrypted under key ${config.mfaKey.id}; ${result.remaining} under another key`);
  if (result.unreadable.length > 0) {
    console.error(`mfa:rekey: no configured key decrypts the secrets of these users (add their key to MFA_ENCRYPTION_KEYS_PREVIOUS): ${result.unreadable.join(", ")}`);
  }
  recordAudit(
    systemEvent({
      type: "mfa.secrets.rekeyed",
      level: "medium",
      outcome: result.remaining === 0 ? "succeeded" : "failed",
      details: { keyId: config.mfaKey.id, rewritten: result.rewritten, remaining: result.remaining, unreadable: result.unreadable.length },
    }),
  );
  await getAuditWriter().flush();
  if (result.remaining > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `mfa:rekey failed: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await closeDb();
}
