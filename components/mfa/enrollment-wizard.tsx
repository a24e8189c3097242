"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { groupedSecret } from "@/lib/mfa/format";
import { errorMessage, needsSignInAgain } from "../api/client";
import { SignInAgainButton } from "../sign-in-again-button";
import { BackupCodesDisplay } from "./backup-codes-display";
import { CodeField } from "./code-field";
import { mfaApi, type EnrollmentStart } from "./mfa-api";

type Step = { step: "loading" } | { step: "failed"; message: string; signInAgain: boolean } | { step: "scan"; start: EnrollmentStart } | { step: "confirm"; start: EnrollmentStart } | { step: "codes"; codes: string[] };


/**
 * Three steps: (1) scan the QR code or type the secret, (2) enter a code (MFA is on only once a
 * valid one is entered), (3) keep the backup codes. Cancel is always there; starting again makes
 * a new secret. Each step's heading takes focus so screen readers announce where they are.
 */
export function EnrollmentWizard({ userId, email, onCancel, onDone }: { userId: string; email: string; onCancel: () => void; onDone: () => void }) {
  const [state, setState] = useState<Step>({ step: "loading" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    () =>
      mfaApi.start(userId).then(
        (start) => setState({ step: "scan", start }),
        (e: unknown) =>
          setState({ step: "failed", message: errorMessage(e), signInAgain: needsSignInAgain(e) }),
      ),
    [userId],
  );

  /** Start over: a new secret replaces the pending one. */
  function begin() {
    setState({ step: "loading" });
    setError(null);
    void load();
  }

  // Each mount is one enrollment attempt.
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => headingRef.current?.focus(), [state.step]);

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      const result = await mfaApi.confirm(userId, code);
      setState({ step: "codes", codes: result.backupCodes });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const stepLabel = (n: number, title: string) => (
    <h3 ref={headingRef} tabIndex={-1} id="mfa-step-title">
      Step {n} of 3: {title}
    </h3>
  );

  return (
    <div className="mfa-wizard" role="region" aria-labelledby="mfa-step-title" data-testid="mfa-wizard">
      {state.step === "loading" ? (
        <p role="status" id="mfa-step-title">
          Preparing a new secret…
        </p>
      ) : null}
      {state.step === "failed" ? (
        <>
          <h3 ref={headingRef} tabIndex={-1} id="mfa-step-title">
            {state.signInAgain ? "Sign in again to continue" : "Could not start"}
          </h3>
          <p className="alert alert-error" role="alert">
            {state.message}
          </p>
          <div className="form-actions">
            {state.signInAgain ? (
              <SignInAgainButton returnTo="/account" />
            ) : (
              <button type="button" className="button" onClick={begin}>
                Try again
              </button>
            )}
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
      {state.step === "scan" ? (
        <>
          {stepLabel(1, "add PrintGuard to your authenticator app")}
          <p>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…).</p>
          {/* A data: URL rendered on the server; next/image adds nothing for it. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={state.start.qrDataUrl} width={240} height={240} alt={`QR code for adding PrintGuard (${email}) to an authenticator app`} data-testid="mfa-qr" />
          <p>Cannot scan? Enter this key in the app instead (time-based, 6 digits, every 30 seconds):</p>
          <code className="secret-value" data-testid="mfa-secret" aria-label={`Setup key: ${state.start.secret.split("").join(" ")}`}>
            {groupedSecret(state.start.secret)}
          </code>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setState({ step: "confirm", start: state.start })}>
              Next: enter a code
            </button>
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
      {state.step === "confirm" ? (
        <form className="form" onSubmit={confirm}>
          {stepLabel(2, "enter the code your app shows")}
          <CodeField id="mfa-enroll-code" label="Code from your app" allowBackup={false} error={error} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Checking…" : "Turn on two-factor authentication"}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setState({ step: "scan", start: state.start })}>
              Back
            </button>
            <button type="button" className="button button-secondary" onClick={begin}>
              Start over
            </button>
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {state.step === "codes" ? (
        <>
          {stepLabel(3, "save your backup codes")}
          <p role="status" className="alert alert-success">
            Two-factor authentication is on.
          </p>
          <BackupCodesDisplay codes={state.codes} email={email} onDone={onDone} />
        </>
      ) : null}
    </div>
  );
}
