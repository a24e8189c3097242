import type { Db } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/http/errors";
import { authenticateApiKey } from "./api-keys";
import type { Principal } from "./principal";
import { principalFromSessionCookie } from "./session";

/**
 * Who sent this request. A Bearer key wins over a cookie; a Bearer header that does not name a
 * live key is an error (401), never a silent fall-back to the cookie or to anonymous.
 */
export async function resolvePrincipal(
  db: Db,
  headers: Headers,
  readCookie: (name: string) => string | undefined,
): Promise<Principal | null> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const [scheme, key] = authorization.trim().split(/\s+/, 2);
    const principal = scheme?.toLowerCase() === "bearer" && key ? await authenticateApiKey(db, key) : null;
    if (!principal) throw new UnauthenticatedError("The API key is unknown, revoked or malformed.");
    return principal;
  }
  return principalFromSessionCookie(db, readCookie);
}
