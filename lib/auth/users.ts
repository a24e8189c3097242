import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password";
import { roleSchema, type Role } from "./roles";

// The HTML5 form rule: it accepts single-label hosts such as the default admin@localhost.
export const emailSchema = z
  .email({ pattern: z.regexes.html5Email, error: "must be an email address" })
  .max(254)
  .transform((e) => e.toLowerCase());
export const passwordSchema = z
  .string({ error: "must be a string" })
  .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `must be at most ${PASSWORD_MAX_LENGTH} characters` });

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema.default("user"),
  name: z.string().trim().max(100).optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

/** A user as the API shows it: never the password hash. */
export interface UserSummary {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  mfaEnabled: boolean;
  createdAt: Date;
}

const summarySelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  mfaSecret: { select: { enabledAt: true } },
} as const;

type SummaryRow = { id: string; email: string; name: string | null; role: string; disabled: boolean; createdAt: Date; mfaSecret: { enabledAt: Date | null } | null };

function toSummary(row: SummaryRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: roleSchema.catch("user").parse(row.role),
    disabled: row.disabled,
    mfaEnabled: Boolean(row.mfaSecret?.enabledAt),
    createdAt: row.createdAt,
  };
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: "asc" }, select: summarySelect });
  return rows.map(toSummary);
}

export async function createUser(db: Db, input: NewUser): Promise<UserSummary> {
  const user = newUserSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email: user.email }, select: { id: true } });
  if (existing) throw new ConflictError("A user with this email already exists.");
  const row = await db.user.create({
    data: { email: user.email, name: user.name ?? null, role: user.role, passwordHash: await hashPassword(user.password) },
    select: summarySelect,
  });
  return toSummary(row);
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/**
 * Applies an admin's change to a user. Demoting or disabling the last active admin is refused:
 * the check and the write share one serializable transaction, so two admins demoting each other
 * at once cannot leave the system without one. Any change ends the user's existing sessions.
 */
export async function updateUser(db: Db, userId: string, change: UserChange): Promise<UserSummary> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const row = await db.$transaction(
    async (tx) => {
      const current = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true } });
      if (!current) throw new NotFoundError("No user has this id.");
      const losesAdmin =
        current.role === "admin" && !current.disabled && (change.role === "user" || change.disabled === true);
      if (losesAdmin) {
        const otherAdmins = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
        if (otherAdmins === 0) throw new ConflictError("This is the last active admin; promote another user first.");
      }
      return tx.user.update({
        where: { id: userId },
        data: {
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          sessionsValidFrom: new Date(),
        },
        select: summarySelect,
      });
    },
    { isolationLevel: "Serializable" },
  );
  return toSummary(row);
}

export async function countAdmins(db: Db): Promise<number> {
  return db.user.count({ where: { role: "admin" } });
}
