/**
 * Audit details never carry a password, code, secret, token or cookie, whatever a caller passes:
 * keys that name one are replaced, and long opaque strings (keys, JWTs) anywhere are masked.
 */
const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|api[-_]?key|^code$|otp|totp|session/i;
const OPAQUE_RUN = /[A-Za-z0-9+/_=-]{32,}/g;
const MAX_DEPTH = 6;
const MAX_STRING = 512;

export function redactDetails(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    const masked = value.replace(OPAQUE_RUN, (run) => `${run.slice(0, 4)}…[redacted]`);
    return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}…` : masked;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactDetails(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactDetails(inner, depth + 1);
  }
  return out;
}
