import { z } from "zod";

export const roleSchema = z.enum(["admin", "user"]);
export type Role = z.infer<typeof roleSchema>;

/** What an API key may do. Admin sessions may do all of it. */
export const scopeSchema = z.enum(["status:read", "metrics:read", "audit:read", "cache:write"]);
export type Scope = z.infer<typeof scopeSchema>;
export const ALL_SCOPES = scopeSchema.options;

/** Scopes are stored space-separated; unknown words (from a newer version) are dropped, never granted. */
export function parseScopes(stored: string): Scope[] {
  return stored.split(/\s+/).flatMap((word) => {
    const parsed = scopeSchema.safeParse(word);
    return parsed.success ? [parsed.data] : [];
  });
}

export function formatScopes(scopes: readonly Scope[]): string {
  return [...new Set(scopes)].sort().join(" ");
}
