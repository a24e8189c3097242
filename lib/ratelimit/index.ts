// The rate limiter's public surface: what proxy.ts and route handlers import.
export { getRateLimiter, setRateLimiter, rateLimiterFromConfig, storeFromConfig } from "./registry";
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./limiter";
export { DEFAULT_PENALTY, DEFAULT_POLICIES, resolvePolicies, type RateLimitPolicies } from "./policies";
export { rateLimitHeaders } from "./headers";
export { MemoryStore } from "./stores/memory";
export { RedisStore } from "./stores/redis";
export { IoredisAdapter, type RedisLike } from "./stores/redis-client";
export type * from "./types";
