import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { MFA_ENROLLMENT_PATH, mustCompleteMfa } from "@/lib/mfa/gate";
import type { Principal } from "./principal";
import { principalFromSessionCookie } from "./session";

type SessionUser = Extract<Principal, { kind: "user" }>;

/** The signed-in person for a server component, or null. Cached per request: layout and page share one lookup. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const store = await cookies();
  return principalFromSessionCookie(await getDb(), (name) => store.get(name)?.value);
});

/**
 * Server-side gate for pages: anonymous visitors go to /login and come back afterwards; an admin
 * who must still complete MFA (REQUIRE_ADMIN_MFA) goes to the enrollment page, which alone passes
 * `allowWithoutMfa`.
 */
export async function requireUser(options: { allowWithoutMfa?: boolean } = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/dashboard";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!options.allowWithoutMfa && mustCompleteMfa(user, getConfig().requireAdminMfa)) redirect(MFA_ENROLLMENT_PATH);
  return user;
}

/** Server-side gate for admin pages: anonymous → /login, signed-in non-admins → 403. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
