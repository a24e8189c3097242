/**
 * The errors a sign-in with a second factor can end in. next-auth passes the message of the error
 * thrown in `authorize` to the client as `error`, so these strings are that message: short codes,
 * with the wait in seconds where there is one (`mfa-wait:8`). Client-safe: no server imports.
 */
export const MFA_REQUIRED = "mfa-required";

export type MfaSignInError =
  | { kind: "required" }
  | { kind: "invalid" }
  | { kind: "replayed" }
  | { kind: "wait"; seconds: number }
  | { kind: "locked"; seconds: number };

export function encodeMfaSignInError(error: MfaSignInError): string {
  return error.kind === "wait" || error.kind === "locked" ? `mfa-${error.kind}:${error.seconds}` : `mfa-${error.kind}`;
}

export function decodeMfaSignInError(text: string | null | undefined): MfaSignInError | null {
  const match = /^mfa-(required|invalid|replayed|wait|locked)(?::(\d{1,6}))?$/.exec(text ?? "");
  if (!match) return null;
  const kind = match[1] as MfaSignInError["kind"];
  if (kind === "wait" || kind === "locked") return { kind, seconds: Number(match[2] ?? 0) };
  return { kind } as MfaSignInError;
}

export function mfaSignInMessage(error: MfaSignInError): string {
  switch (error.kind) {
    case "required":
      return "Enter the 6-digit code from your authenticator app, or one of your backup codes.";
    case "invalid":
      return "That code is not valid. Check your app (or a backup code) and try again.";
    case "replayed":
      return "This code was already used. Wait for the next code in your app.";
    case "wait":
      return `Too many wrong codes. Wait ${error.seconds} seconds before trying again.`;
    case "locked": {
      const minutes = Math.max(1, Math.ceil(error.seconds / 60));
      return `Too many wrong codes: two-factor sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    }
  }
}
