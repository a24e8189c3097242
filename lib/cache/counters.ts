import type { NamespaceStats } from "./types";

interface Count {
  hits: number;
  misses: number;
  evictions: number;
}

/** Hit, miss and eviction counts of one cache level, per namespace. */
export class LevelCounters {
  readonly #byNamespace = new Map<string, Count>();

  #of(namespace: string): Count {
    let count = this.#byNamespace.get(namespace);
    if (!count) this.#byNamespace.set(namespace, (count = { hits: 0, misses: 0, evictions: 0 }));
    return count;
  }

  hit(namespace: string): void {
    this.#of(namespace).hits++;
  }
  miss(namespace: string): void {
    this.#of(namespace).misses++;
  }
  evicted(namespace: string): void {
    this.#of(namespace).evictions++;
  }

  namespaces(): string[] {
    return [...this.#byNamespace.keys()];
  }

  get(namespace: string): Count {
    return this.#byNamespace.get(namespace) ?? { hits: 0, misses: 0, evictions: 0 };
  }
}

export function hitRate(hits: number, misses: number): number {
  const asked = hits + misses;
  return asked === 0 ? 0 : hits / asked;
}

/** Sums per-namespace figures into a level total. */
export function total(namespaces: Record<string, NamespaceStats>, evictionsKnown: boolean): NamespaceStats {
  const sum = { hits: 0, misses: 0, evictions: 0, entries: 0, bytes: 0 };
  for (const s of Object.values(namespaces)) {
    sum.hits += s.hits;
    sum.misses += s.misses;
    sum.evictions += s.evictions ?? 0;
    sum.entries += s.entries;
    sum.bytes += s.bytes;
  }
  return { ...sum, hitRate: hitRate(sum.hits, sum.misses), evictions: evictionsKnown ? sum.evictions : null };
}
