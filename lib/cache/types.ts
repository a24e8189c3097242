import { z } from "zod";

/** Namespace names double as Redis key segments and SCAN patterns: no glob or separator characters. */
export const namespaceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: "must be 1-64 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit" });

/** What a clear empties. */
export const clearScopeSchema = z.discriminatedUnion(
  "scope",
  [
    z.strictObject({ scope: z.literal("all") }),
    z.strictObject({ scope: z.literal("namespace"), namespace: namespaceSchema }),
    z.strictObject({ scope: z.literal("key"), namespace: namespaceSchema, key: z.string().min(1, { error: "is required" }).max(1024) }),
  ],
  { error: "must be all, namespace or key" },
);
export type ClearScope = z.infer<typeof clearScopeSchema>;

export interface NamespaceStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 when nothing was asked. */
  hitRate: number;
  /** Entries removed to respect the byte bound (L1); null where the level cannot attribute them (L2). */
  evictions: number | null;
  entries: number;
  bytes: number;
}

export interface LevelStats extends NamespaceStats {
  enabled: boolean;
  /** Level-specific facts (L1: maxBytes; L2: reachable). */
  maxBytes?: number;
  reachable?: boolean;
  namespaces: Record<string, NamespaceStats>;
}

export interface CacheStats {
  l1: LevelStats;
  l2: LevelStats;
  /** Loads started by getOrLoad (one per key however many callers waited for it). */
  loads: number;
  /** Callers that joined a load already in flight instead of starting their own. */
  coalesced: number;
}
