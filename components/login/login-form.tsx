"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeCallbackUrl } from "./safe-callback-url";

const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

/**
 * Email + password sign-in through next-auth's credentials provider. Every failure shows the
 * same `failureMessage`, so the form never reveals whether an email has an account.
 */
export function LoginForm({ failureMessage }: { failureMessage: string }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  // next-auth sends people back here with ?error=… when a sign-in it handled itself failed.
  const [error, setError] = useState<string | null>(searchParams.has("error") ? failureMessage : null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setSubmitting(true);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error || !result.ok) {
        setError(failureMessage);
        setSubmitting(false);
        return;
      }
      // Stay "submitting" while the next page loads, so the form cannot be sent twice.
      router.replace(safeCallbackUrl(searchParams.get("callbackUrl")));
    } catch {
      setError(UNREACHABLE);
      setSubmitting(false);
    }
  }

  return (
    // method="post": should the form ever be sent before scripts load, the password stays out of the URL.
    <form className="form" method="post" onSubmit={handleSubmit}>
      <div className="field">
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>
      <div role="alert" id="login-error" className="feedback">
        {error ? <p className="alert alert-error">{error}</p> : null}
      </div>
      <button type="submit" className="button" disabled={submitting}>
        {submitting ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
