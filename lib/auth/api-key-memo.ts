import { LRUCache } from "lru-cache";
import type { Principal } from "./principal";

/**
 * Keys verified recently, by the SHA-256 of the presented key. Without it every API request
 * reads its key's row from the database, which costs a dashboard or scraper about a third of a
 * bare route's throughput (bench:monitoring). A remembered key is trusted for REMEMBER_MS at most:
 * the instance that revokes a key forgets it at once (forgetApiKey), other instances within that
 * time. The lookup is by a hash of the whole key, so its timing reveals nothing about the secret.
 */
export const REMEMBER_MS = 5_000;

export interface RememberedKey {
  principal: Extract<Principal, { kind: "apiKey" }>;
  lastUsedAt: Date | null;
  until: number;
}

const globalKey = Symbol.for("printguard.auth.api-key-memo");
type GlobalWithMemo = typeof globalThis & { [globalKey]?: LRUCache<string, RememberedKey> };

function memo(): LRUCache<string, RememberedKey> {
  const g = globalThis as GlobalWithMemo;
  return (g[globalKey] ??= new LRUCache<string, RememberedKey>({ max: 10_000 }));
}

/** The remembered verification of the key whose SHA-256 is `hashHex`, if still fresh at `now`. */
export function rememberedKey(hashHex: string, now: Date): RememberedKey | undefined {
  const entry = memo().get(hashHex);
  if (!entry) return undefined;
  if (now.getTime() >= entry.until) {
    memo().delete(hashHex);
    return undefined;
  }
  return entry;
}

export function rememberKey(hashHex: string, principal: RememberedKey["principal"], lastUsedAt: Date | null, now: Date): void {
  memo().set(hashHex, { principal, lastUsedAt, until: now.getTime() + REMEMBER_MS });
}

/** Forgets every remembered verification of key `keyId` (after a revoke). */
export function forgetApiKey(keyId: string): void {
  const cache = memo();
  for (const [hash, entry] of cache.entries()) if (entry.principal.keyId === keyId) cache.delete(hash);
}
