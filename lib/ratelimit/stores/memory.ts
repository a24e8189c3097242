import { recordViolation, NO_PENALTY } from "../penalty";
import { slidingWindowConsume, slidingWindowPeek, type SlidingWindowState } from "../algorithms/sliding-window";
import { tokenBucketConsume, tokenBucketPeek, type TokenBucketState } from "../algorithms/token-bucket";
import type { Algorithm, AlgorithmResult, PenaltyRule, PenaltyState, RateLimitStore } from "../types";

type Value =
  | { kind: "sliding-window"; state: SlidingWindowState; expiresAt: number }
  | { kind: "token-bucket"; state: TokenBucketState; expiresAt: number }
  | { kind: "penalty"; state: PenaltyState; expiresAt: number };
type Entry = Value & { movedAt: number };

export interface MemoryStoreOptions {
  /** At most this many counters, and as many penalties; the least recently written go first. */
  maxEntries?: number;
}

const SWEEP_EVERY_MS = 60_000;
// An entry written again is moved to the young end of the Map at most this often: an approximate
// LRU without paying a delete and re-insert on every request.
const MOVE_EVERY_MS = 5_000;

/**
 * The in-process store (the embedded default). A Map in one single-threaded process makes every
 * step atomic. Memory stays bounded: entries carry an expiry (after which they mean "nothing
 * counted"), a sweep drops expired ones at most once a minute, and past `maxEntries` the least
 * recently written entry (to within a few seconds) is evicted. Under a flood of distinct
 * identities that eviction forgets some counts, which errs towards letting requests through
 * rather than towards running out of memory. It answers synchronously (no promise per call).
 */
export class MemoryStore implements RateLimitStore {
  readonly kind = "memory";
  // Two maps rather than one with prefixed keys: no string building on the hot path.
  readonly #counters = new Map<string, Entry>();
  readonly #penalties = new Map<string, Entry>();
  readonly #maxEntries: number;
  #lastSweep = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  get size(): number {
    return this.#counters.size + this.#penalties.size;
  }

  consume(key: string, algorithm: Algorithm, now: number): AlgorithmResult {
    if (algorithm.kind === "sliding-window") {
      const step = slidingWindowConsume(this.#live(this.#counters, key, "sliding-window", now)?.state, algorithm, now);
      this.#write(this.#counters, key, { kind: "sliding-window", state: step.state, expiresAt: step.expiresAt }, now);
      return step.result;
    }
    const step = tokenBucketConsume(this.#live(this.#counters, key, "token-bucket", now)?.state, algorithm, now);
    this.#write(this.#counters, key, { kind: "token-bucket", state: step.state, expiresAt: step.expiresAt }, now);
    return step.result;
  }

  peek(key: string, algorithm: Algorithm, now: number): AlgorithmResult {
    return algorithm.kind === "sliding-window"
      ? slidingWindowPeek(this.#live(this.#counters, key, "sliding-window", now)?.state, algorithm, now)
      : tokenBucketPeek(this.#live(this.#counters, key, "token-bucket", now)?.state, algorithm, now);
  }

  penalties(keys: readonly string[], now: number): PenaltyState[] {
    return keys.map((key) => this.#live(this.#penalties, key, "penalty", now)?.state ?? NO_PENALTY);
  }

  recordViolation(key: string, rule: PenaltyRule, now: number): PenaltyState {
    const step = recordViolation(this.#live(this.#penalties, key, "penalty", now)?.state ?? NO_PENALTY, rule, now);
    this.#write(this.#penalties, key, { kind: "penalty", state: step.state, expiresAt: now + step.ttlMs }, now);
    return step.state;
  }

  async close(): Promise<void> {
    this.#counters.clear();
    this.#penalties.clear();
  }

  /** The entry when it exists, has not expired and was written by the same algorithm (a changed policy starts afresh). */
  #live<K extends Entry["kind"]>(map: Map<string, Entry>, key: string, kind: K, now: number): Extract<Entry, { kind: K }> | undefined {
    const entry = map.get(key);
    if (!entry || entry.kind !== kind || entry.expiresAt <= now) return undefined;
    return entry as Extract<Entry, { kind: K }>;
  }

  #write(map: Map<string, Entry>, key: string, entry: Value, now: number): void {
    const existing = map.get(key);
    if (existing && now - existing.movedAt < MOVE_EVERY_MS) {
      Object.assign(existing, entry);
    } else {
      // Delete first so the Map's insertion order is the order of last write: the oldest go first.
      if (existing) map.delete(key);
      map.set(key, { ...entry, movedAt: now });
      if (map.size > this.#maxEntries) evictOldest(map, this.#maxEntries);
    }
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) {
      this.#lastSweep = now;
      for (const m of [this.#counters, this.#penalties]) for (const [k, e] of m) if (e.expiresAt <= now) m.delete(k);
    }
  }
}

function evictOldest(map: Map<string, Entry>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
