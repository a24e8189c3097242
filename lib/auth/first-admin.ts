import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError } from "@/lib/http/errors";
import { createUser } from "./users";

export const DEFAULT_ADMIN_EMAIL = "admin@localhost";

export type FirstAdminResult =
  | { created: false }
  | { created: true; email: string; generatedPassword: string | null };

/**
 * Makes sure someone can sign in and administer a fresh install. When no admin exists it creates
 * one: from PRINTGUARD_ADMIN_EMAIL/PASSWORD when given, else admin@localhost with a random
 * password that the caller shows once. Two instances starting together race on the unique email;
 * the loser sees a ConflictError and creates nothing.
 */
export async function ensureFirstAdmin(
  db: Db,
  configured: { email: string; password: string } | null,
): Promise<FirstAdminResult> {
  if ((await db.user.count({ where: { role: "admin" } })) > 0) return { created: false };
  const email = configured?.email ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = configured ? null : randomBytes(18).toString("base64url");
  try {
    await createUser(db, { email, password: configured?.password ?? generatedPassword!, role: "admin" });
  } catch (error) {
    if (error instanceof ConflictError || isUniqueViolation(error)) return { created: false };
    throw error;
  }
  return { created: true, email, generatedPassword };
}

/** The console banner for a generated password: printed once, never written to the logs. */
export function firstAdminBanner(result: Extract<FirstAdminResult, { created: true }>): string {
  if (!result.generatedPassword) return `PrintGuard: created the first admin ${result.email} from PRINTGUARD_ADMIN_EMAIL.`;
  return [
    "",
    "┌─ PrintGuard: first admin created ───────────────────────────",
    `│ email:    ${result.email}`,
    `│ password: ${result.generatedPassword}`,
    "│ This password is shown once. Sign in and change it, or create",
    "│ your own admin with: npm run user:create -- --email … --role admin",
    "└──────────────────────────────────────────────────────────────",
    "",
  ].join("\n");
}
