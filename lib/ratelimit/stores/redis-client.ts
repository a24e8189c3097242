import { createHash } from "node:crypto";
import type { Redis as IoRedis } from "ioredis";

/**
 * The part of a Redis client the Redis store uses: Lua scripts, by hash first and by text when the
 * server does not know the hash. @upstash/ratelimit calls exactly these two (its dynamic-limit
 * get/set stay unused); an @upstash/redis client has them, and IoredisAdapter gives them to ioredis.
 */
export interface RedisLike {
  eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown>;
  evalsha(sha1: string, keys: string[], args: (string | number)[]): Promise<unknown>;
}

export interface Script {
  script: string;
  hash: string;
}

export const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");

export function script(text: string): Script {
  return { script: text, hash: sha1(text) };
}

/** EVALSHA, falling back to EVAL once after a restart or failover emptied the script cache (as @upstash/ratelimit does). */
export async function evalScript(redis: RedisLike, { script, hash }: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(hash, keys, args);
  } catch (error) {
    if (!String(error).includes("NOSCRIPT")) throw error;
    return redis.eval(script, keys, args);
  }
}

// `#!lua flags=…` on the first line of a script. @upstash/ratelimit 2.2 starts every script with
// `#!lua flags=allow-key-locking`, which Redis 7.0 rejects ("ERR Unexpected flag in script
// shebang"). The flag is a scheduling hint, so the adapter drops the line: without a shebang Redis
// runs the script with the classic EVAL semantics the scripts were written for.
const SHEBANG = /^#![^\n]*\n/;

/**
 * Gives @upstash/ratelimit (and the penalty scripts) the `eval`/`evalsha` they call, over ioredis.
 * Scripts are loaded without their shebang line, so their SHA1 differs from the one the library
 * sends: the adapter remembers, per library hash, the hash of what it loaded. The first EVALSHA of
 * a script therefore answers NOSCRIPT, the library falls back to EVAL, and from then on EVALSHA hits.
 */
export class IoredisAdapter implements RedisLike {
  readonly #client: IoRedis;
  readonly #loadedAs = new Map<string, string>();

  constructor(client: IoRedis) {
    this.#client = client;
  }

  get client(): IoRedis {
    return this.#client;
  }

  eval(text: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const body = text.replace(SHEBANG, "");
    if (body !== text) this.#loadedAs.set(sha1(text), sha1(body));
    return this.#client.eval(body, keys.length, ...keys, ...args);
  }

  evalsha(hash: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.#client.evalsha(this.#loadedAs.get(hash) ?? hash, keys.length, ...keys, ...args);
  }
}
