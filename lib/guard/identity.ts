import { LRUCache } from "lru-cache";
import { decode } from "next-auth/jwt";
import type { Awaitable } from "@/lib/awaitable";
import { sessionCookieName } from "@/lib/auth/options";
import type { Config } from "@/lib/config";
import { sha256Hex } from "@/lib/hash";

/**
 * Who a request claims to be, for per-user rate limits, cheaply and without the database:
 * - a Bearer credential counts as `key:<sha256 prefix of the whole key>`: it cannot be used to
 *   drain someone else's quota (that needs their full key), and an invalid key only burns its own
 *   bucket (and its IP's);
 * - a session cookie counts as `user:<id>` once its encrypted token decrypts with our secret.
 * The route handler still authenticates for real; this only decides whose bucket to charge.
 * Answers at once unless a session token must be decrypted (lib/awaitable.ts).
 */
export function claimedIdentity(
  headers: Headers,
  readCookie: (name: string) => string | undefined,
  config: Pick<Config, "authSecret" | "secureCookies">,
): Awaitable<string | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const key = authorization.replace(/^\s*bearer\s+/i, "").trim();
    if (key) return `key:${keyDigest(key)}`;
  }
  const token = readCookie(sessionCookieName(config.secureCookies));
  if (!token) return null;
  const known = sessions.get(token);
  if (known && known.secret === config.authSecret && Date.now() < known.until) return known.identity;
  // Only a session not seen before (or renewed) waits for a decryption.
  return decode({ token, secret: config.authSecret }).then(
    (payload) => {
      const identity = payload?.sub ? `user:${payload.sub}` : null;
      if (identity && typeof payload?.exp === "number") {
        sessions.set(token, { identity, secret: config.authSecret, until: (payload.exp + CLOCK_TOLERANCE_S) * 1000 });
      }
      return identity;
    },
    () => null,
  );
}

/**
 * Session tokens already decrypted, by token. Decrypting (a key derivation, then AES-GCM) is the
 * costliest step of a signed-in request, and a browser sends the same token until it is renewed.
 * A remembered token counts as its user only until the token's own expiry (with the 15 s clock
 * tolerance next-auth's decode allows), and only under the secret that decrypted it; only tokens
 * that decrypted are kept. Bounded to MAX_SESSIONS, least recently used out first.
 */
const MAX_SESSIONS = 4096;
const sessions = new LRUCache<string, { identity: string; secret: string; until: number }>({ max: MAX_SESSIONS });
const CLOCK_TOLERANCE_S = 15;

/**
 * 96 bits of the key's SHA-256, in hex. node:crypto hashes synchronously: Web Crypto's digest
 * hops to the thread pool and back, which cost every API-key request a round trip (seen as idle
 * time in a profile of bench:monitoring).
 */
function keyDigest(key: string): string {
  return sha256Hex(key).slice(0, 24);
}
