/** The path next-auth's credentials sign-in posts to. */
export const SIGN_IN_PATH = "/api/auth/callback/credentials";

/**
 * The account a sign-in attempt targets (the submitted email, lower-cased), so that guessing one
 * account's password is limited however many addresses the guesses come from.
 */
export function signInAccount(method: string, path: string, body: string | null): string | null {
  if (method !== "POST" || path !== SIGN_IN_PATH || !body) return null;
  const email = new URLSearchParams(body).get("email");
  return email ? email.trim().toLowerCase().slice(0, 254) : null;
}
