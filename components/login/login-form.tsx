"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CodeField } from "@/components/mfa/code-field";
import { decodeMfaSignInError, mfaSignInMessage } from "@/lib/mfa/sign-in-errors";
import { safeCallbackUrl } from "./safe-callback-url";

const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

type Step = { kind: "password" } | { kind: "code"; email: string; password: string };

/**
 * Email + password sign-in through next-auth's credentials provider. Every password failure shows
 * the same `failureMessage`, so the form never reveals whether an email has an account. For an
 * account with MFA the server answers `mfa-required`, and a second step asks for the code (TOTP or
 * backup); it sends email, password and code together, as a program would in one request.
 */
export function LoginForm({ failureMessage }: { failureMessage: string }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [step, setStep] = useState<Step>({ kind: "password" });
  // next-auth sends people back here with ?error=… when a sign-in it handled itself failed.
  const [error, setError] = useState<string | null>(searchParams.has("error") ? failureMessage : null);
  const [submitting, setSubmitting] = useState(false);

  async function attempt(email: string, password: string, code?: string) {
    setError(null);
    setSubmitting(true);
    try {
      const result = await signIn("credentials", { email, password, ...(code ? { code } : {}), redirect: false });
      if (result?.ok && !result.error) {
        // Stay "submitting" while the next page loads, so the form cannot be sent twice.
        router.replace(safeCallbackUrl(searchParams.get("callbackUrl")));
        return;
      }
      const mfa = decodeMfaSignInError(result?.error);
      if (mfa) {
        setStep({ kind: "code", email, password });
        if (mfa.kind !== "required") setError(mfaSignInMessage(mfa));
      } else {
        setStep({ kind: "password" });
        setError(failureMessage);
      }
    } catch {
      setError(UNREACHABLE);
    }
    setSubmitting(false);
  }

  function handlePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void attempt(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
  }

  function handleCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step.kind !== "code") return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    void attempt(step.email, step.password, code);
  }

  if (step.kind === "code") {
    return (
      <form className="form" method="post" onSubmit={handleCode} aria-labelledby="login-code-title">
        <h2 id="login-code-title">Two-factor authentication</h2>
        <p className="muted">{mfaSignInMessage({ kind: "required" })}</p>
        {/* The field takes focus; its label and hint say what is asked (the form is labelled by the heading). */}
        <CodeField id="login-code" label="Code" allowBackup error={error} autoFocus />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? "Checking…" : "Verify and sign in"}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setError(null);
            setStep({ kind: "password" });
          }}
        >
          Back
        </button>
      </form>
    );
  }

  return (
    // method="post": should the form ever be sent before scripts load, the password stays out of the URL.
    <form className="form" method="post" onSubmit={handlePassword}>
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
