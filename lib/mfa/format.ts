// Client-safe (no otplib, no node:crypto): the wizard imports it.

/** The secret in groups of four for typing it by hand: `ABCD EFGH …`. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
