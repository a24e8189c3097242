import { Ratelimit } from "@upstash/ratelimit";
import { refilled } from "../algorithms/token-bucket";
import type { Algorithm, AlgorithmResult, PenaltyRule, PenaltyState, RateLimitStore } from "../types";
import { evalScript, type RedisLike } from "./redis-client";
import { READ_PENALTIES, RECORD_VIOLATION } from "./redis-scripts";

type UpstashClient = ConstructorParameters<typeof Ratelimit>[0]["redis"];

export interface RedisStoreOptions {
  redis: RedisLike;
  /** Every key starts with it: `<prefix>:c:<policy>:<identity>…` (counters), `<prefix>:p:<policy>:<identity>` (penalties). */
  prefix?: string;
  /** Closes the underlying connection (for a client this store created). */
  close?: () => Promise<void>;
}

/**
 * Counters and penalties in Redis, shared by every instance. Sliding window and token bucket are
 * @upstash/ratelimit's own Lua scripts (one atomic round trip each); penalties are two small
 * scripts of ours over the same client.
 *
 * The library reads the clock itself (Date.now() on this machine), so the `now` given to
 * consume/peek is not used for counting; penalties do use it, which is what lets the conformance
 * suite move a penalty through hours in milliseconds.
 */
export class RedisStore implements RateLimitStore {
  readonly kind = "redis";
  readonly #redis: RedisLike;
  readonly #prefix: string;
  readonly #close?: () => Promise<void>;
  // Keyed by the policy's algorithm object (stable for the limiter's life), then by its parameters.
  readonly #byObject = new WeakMap<Algorithm, Ratelimit>();
  readonly #limiters = new Map<string, Ratelimit>();

  constructor(options: RedisStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? "printguard:rl";
    this.#close = options.close;
  }

  async consume(key: string, algorithm: Algorithm): Promise<AlgorithmResult> {
    const { success, limit, remaining, reset } = await this.#limiter(algorithm).limit(key);
    return { allowed: success, limit, remaining, resetAt: reset };
  }

  async peek(key: string, algorithm: Algorithm, now: number): Promise<AlgorithmResult> {
    const { remaining, reset, limit } = await this.#limiter(algorithm).getRemaining(key);
    if (algorithm.kind === "sliding-window") return { allowed: remaining > 0, limit, remaining, resetAt: reset };
    // The library reports the bucket as last written, without the refills due since; apply them.
    const bucket = refilled({ refilledAt: reset - algorithm.intervalMs, tokens: remaining }, algorithm, now);
    return { allowed: bucket.tokens >= 1, limit, remaining: bucket.tokens, resetAt: bucket.refilledAt + algorithm.intervalMs };
  }

  async penalties(keys: readonly string[]): Promise<PenaltyState[]> {
    if (keys.length === 0) return [];
    const flat = (await evalScript(this.#redis, READ_PENALTIES, keys.map((k) => this.#penaltyKey(k)), [])) as number[];
    return keys.map((_, i) => ({ strikes: Number(flat[2 * i]), blockedUntil: Number(flat[2 * i + 1]) }));
  }

  async recordViolation(key: string, rule: PenaltyRule, now: number): Promise<PenaltyState> {
    const args = [now, rule.baseMs, rule.maxMs, rule.quietMs];
    const [strikes, blockedUntil] = (await evalScript(this.#redis, RECORD_VIOLATION, [this.#penaltyKey(key)], args)) as number[];
    return { strikes: Number(strikes), blockedUntil: Number(blockedUntil) };
  }

  async close(): Promise<void> {
    await this.#close?.();
  }

  #penaltyKey(key: string): string {
    return `${this.#prefix}:p:${key}`;
  }

  /** One @upstash/ratelimit instance per algorithm and parameters (the instance fixes them). */
  #limiter(algorithm: Algorithm): Ratelimit {
    const known = this.#byObject.get(algorithm);
    if (known) return known;
    const id = JSON.stringify(algorithm);
    let limiter = this.#limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        // Typed as the @upstash/redis class; at run time the library calls only evalsha and eval.
        redis: this.#redis as unknown as UpstashClient,
        limiter:
          algorithm.kind === "sliding-window"
            ? Ratelimit.slidingWindow(algorithm.limit, `${algorithm.windowMs} ms`)
            : Ratelimit.tokenBucket(algorithm.refillRate, `${algorithm.intervalMs} ms`, algorithm.capacity),
        prefix: `${this.#prefix}:c`,
        // The limiter races the store against its own deadline (so failing closed is possible too);
        // no in-process block cache (it would answer differently from Redis, and from other
        // instances); no analytics or telemetry writes.
        timeout: 0,
        ephemeralCache: false,
        analytics: false,
        enableTelemetry: false,
      });
      this.#limiters.set(id, limiter);
    }
    this.#byObject.set(algorithm, limiter);
    return limiter;
  }
}
