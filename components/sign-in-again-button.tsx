"use client";

import { signOut } from "next-auth/react";

/**
 * The way past 403 `reauthentication-required`: signs out, then comes back to `returnTo` (the
 * current page by default) once signed in again, where the action can be retried.
 */
export function SignInAgainButton({ returnTo }: { returnTo?: string }) {
  return (
    <button
      type="button"
      className="button"
      onClick={() => void signOut({ callbackUrl: `/login?callbackUrl=${encodeURIComponent(returnTo ?? window.location.pathname)}` })}
    >
      Sign in again
    </button>
  );
}
