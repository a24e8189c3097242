import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "./password";
import { roleSchema, type Role } from "./roles";

/** What the sign-in form (or a program) posts. `code` is the optional one-time code for MFA. */
export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(256),
  code: z.string().trim().max(64).optional(),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
}

/** The only message a failed sign-in ever gives, whatever went wrong. */
export const SIGN_IN_FAILED = "invalid email or password";

/**
 * Checks email and password. Every path does one argon2 verification, so an unknown email, a
 * disabled account and a wrong password take the same time and give the same answer (null).
 */
export async function authenticateCredentials(db: Db, input: unknown): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return burnPasswordCheck("");
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, role: true, disabled: true, passwordHash: true },
  });
  if (!user) return burnPasswordCheck(password);
  const passwordOk = await verifyPassword(user.passwordHash, password);
  if (!passwordOk || user.disabled) return null;
  return { id: user.id, email: user.email, role: roleSchema.catch("user").parse(user.role) };
}
