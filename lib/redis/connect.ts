import { Redis as IoRedis, type RedisOptions } from "ioredis";
import { getLogger } from "@/lib/log";

/**
 * One way to open a self-hosted Redis connection (REDIS_URL), shared by the rate limiter and the
 * cache. While Redis is unreachable a command fails after one reconnection attempt (not twenty):
 * both users have a fallback (fail open / miss), and a long queue of stale commands would only
 * replay old work once Redis is back. Connection errors are logged under `purpose`, never thrown.
 */
export function connectRedis(url: string, purpose: string, options: RedisOptions = {}): IoRedis {
  const client = new IoRedis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, ...options });
  client.on("error", (error: Error) => getLogger().warn({ err: error.message }, `${purpose} Redis connection error`));
  return client;
}
