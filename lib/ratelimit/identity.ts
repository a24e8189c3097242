import { sha256Hex } from "@/lib/hash";

/**
 * How a request's identities become store keys. Values come from the client (an email typed into
 * the sign-in form, a path parameter), so they are normalized the way the application compares
 * them and bounded in size: a 10 KB "email" must not become a 10 KB key in memory or Redis.
 */

const MAX_IDENTITY = 128;

function bounded(value: string): string {
  return value.length <= MAX_IDENTITY ? value : `sha256:${sha256Hex(value)}`;
}

/**
 * The address a per-IP policy counts. IPv6 clients are counted per /64: a single subscriber or
 * host is routinely given a whole /64, so counting per address would let one client rotate through
 * 2^64 of them. IPv4 (and anything that is not IPv6) is counted as given.
 */
export function ipIdentity(ip: string): string {
  if (!ip.includes(":")) return bounded(ip);
  const [head = "", tail] = ip.split("::", 2);
  const left = head ? head.split(":") : [];
  if (tail === undefined) return `${left.slice(0, 4).join(":")}::/64`;
  // Embedded IPv4 in the tail (64:ff9b::1.2.3.4) fills two hextets.
  const right = tail ? tail.split(":").flatMap((part) => (part.includes(".") ? ["0", "0"] : [part])) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * A sign-in account is an email, trimmed and lower-cased as lib/auth/credentials.ts compares it;
 * NFKC as well, so look-alike spellings are counted together (stricter, never looser).
 */
export function accountIdentity(raw: string | null | undefined): string | null {
  const value = raw?.normalize("NFKC").trim().toLowerCase();
  return value ? bounded(value) : null;
}

export function userIdentity(raw: string | null | undefined): string | null {
  return raw ? bounded(raw) : null;
}
