import { isAbsolute, resolve } from "node:path";
import { ConfigError, parseEnv, type Env } from "./schema";
import { keyId, loadOrCreateSecrets } from "./secrets";

export { ConfigError } from "./schema";

export type DatabaseConfig = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string };

export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  /** Interface to bind; undefined means every interface (IPv4 and IPv6). */
  host: string | undefined;
  /** Public base URL; https here turns on Secure cookies. */
  appUrl: string;
  secureCookies: boolean;
  dataDir: string;
  database: DatabaseConfig;
  authSecret: string;
  /** Encrypts new MFA secrets; decrypts those stored under it. */
  mfaKey: { id: string; key: Buffer };
  /** MFA_ENCRYPTION_KEYS_PREVIOUS: decrypt only, during a rotation (lib/mfa/rekey.ts). */
  mfaPreviousKeys: Array<{ id: string; key: Buffer }>;
  /** REQUIRE_ADMIN_MFA: an admin session without MFA reaches only the enrollment page. */
  requireAdminMfa: boolean;
  sessionMaxAgeSeconds: number;
  /** REAUTH_WINDOW_SECONDS: lib/auth/reauth.ts. */
  reauthWindowSeconds: number;
  firstAdmin: { email: string; password: string } | null;
  logLevel: Env["LOG_LEVEL"];
  shutdownTimeoutMs: number;
  audit: { retentionDays: number };
  guard: GuardConfig;
  cache: CacheConfig;
  monitoring: MonitoringConfig;
}

export interface CacheConfig {
  l1MaxBytes: number;
  defaultTtlMs: number;
  l2TimeoutMs: number;
  /** Self-hosted Redis for the L2 level (the Upstash REST client has no pub/sub, so it serves only the limiter). */
  redisUrl: string | null;
  compressionMinBytes: number;
}

export interface MonitoringConfig {
  intervalMs: number;
  slowIntervalMs: number;
  slowRequestMs: number;
  shed: {
    /** null: no limit. */
    maxInFlight: number | null;
    maxRssBytes: number | null;
    retryAfterSeconds: number;
  };
  /** Raw overrides by rule id; lib/monitoring/alerts validates their shape. */
  alertOverrides: Record<string, unknown>;
}

export type GuardMode = Env["SANITIZER_MODE"];

export interface GuardConfig {
  sanitizer: {
    mode: GuardMode;
    familyModes: Env["SANITIZER_FAMILY_MODES"];
    allowlist: Env["SANITIZER_ALLOWLIST"];
    maxBodyBytes: number;
  };
  rateLimit: {
    mode: GuardMode;
    /** Raw overrides by policy name; lib/ratelimit validates their shape. */
    policyOverrides: Record<string, unknown>;
    storeTimeoutMs: number;
    failMode: "open" | "closed";
  };
  redis:
    | { kind: "none" }
    | { kind: "url"; url: string }
    | { kind: "upstash"; url: string; token: string };
  trustProxy: Env["TRUST_PROXY"];
}

function databaseConfig(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL ?? `file:${resolve(dataDir, "printguard.db")}`;
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    return { provider: "sqlite", file: isAbsolute(path) ? path : resolve(path) };
  }
  return { provider: "postgresql", url };
}

function redisConfig(env: Env): GuardConfig["redis"] {
  if (env.REDIS_URL) return { kind: "url", url: env.REDIS_URL };
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    const missing = env.UPSTASH_REDIS_REST_URL ? "UPSTASH_REDIS_REST_TOKEN" : "UPSTASH_REDIS_REST_URL";
    throw new ConfigError(`Invalid configuration: ${missing} must be set together with the other Upstash variable`);
  }
  if (env.UPSTASH_REDIS_REST_URL) return { kind: "upstash", url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN! };
  return { kind: "none" };
}

/** An MFA key with the id stored beside what it encrypts. */
function withKeyId(key: Buffer): { id: string; key: Buffer } {
  return { id: keyId(key), key };
}

/** Builds the typed config from an env record. Throws ConfigError (one line) on any bad value. */
export function buildConfig(source: Record<string, string | undefined>): Config {
  const env = parseEnv(source);
  const dataDir = resolve(env.DATA_DIR);
  const database = databaseConfig(env, dataDir);

  // A scaled-out production deployment shares secrets across instances: they cannot be
  // generated per machine, so they must come from the environment.
  if (env.NODE_ENV === "production" && database.provider === "postgresql") {
    for (const name of ["AUTH_SECRET", "MFA_ENCRYPTION_KEY"] as const) {
      if (!env[name]) {
        throw new ConfigError(`Invalid configuration: ${name} is required when NODE_ENV=production and DATABASE_URL is PostgreSQL`);
      }
    }
  }
  if (Boolean(env.PRINTGUARD_ADMIN_EMAIL) !== Boolean(env.PRINTGUARD_ADMIN_PASSWORD)) {
    const missing = env.PRINTGUARD_ADMIN_EMAIL ? "PRINTGUARD_ADMIN_PASSWORD" : "PRINTGUARD_ADMIN_EMAIL";
    throw new ConfigError(`Invalid configuration: ${missing} must be set together with the other first-admin variable`);
  }

  const stored = env.AUTH_SECRET && env.MFA_ENCRYPTION_KEY ? null : loadOrCreateSecrets(dataDir);
  const mfaKey = Buffer.from(env.MFA_ENCRYPTION_KEY ?? stored!.mfaEncryptionKey, "base64");
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");

  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    appUrl,
    secureCookies: appUrl.startsWith("https://"),
    dataDir,
    database,
    authSecret: env.AUTH_SECRET ?? stored!.authSecret,
    mfaKey: withKeyId(mfaKey),
    mfaPreviousKeys: env.MFA_ENCRYPTION_KEYS_PREVIOUS.map((encoded) => withKeyId(Buffer.from(encoded, "base64"))),
    requireAdminMfa: env.REQUIRE_ADMIN_MFA,
    sessionMaxAgeSeconds: env.SESSION_MAX_AGE_SECONDS,
    reauthWindowSeconds: env.REAUTH_WINDOW_SECONDS,
    firstAdmin: env.PRINTGUARD_ADMIN_EMAIL
      ? { email: env.PRINTGUARD_ADMIN_EMAIL.toLowerCase(), password: env.PRINTGUARD_ADMIN_PASSWORD! }
      : null,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    audit: { retentionDays: env.AUDIT_RETENTION_DAYS },
    guard: {
      sanitizer: {
        mode: env.SANITIZER_MODE,
        familyModes: env.SANITIZER_FAMILY_MODES,
        allowlist: env.SANITIZER_ALLOWLIST,
        maxBodyBytes: env.SANITIZER_MAX_BODY_BYTES,
      },
      rateLimit: {
        mode: env.RATE_LIMIT_MODE,
        policyOverrides: env.RATE_LIMIT_POLICIES,
        storeTimeoutMs: env.RATE_LIMIT_STORE_TIMEOUT_MS,
        failMode: env.RATE_LIMIT_FAIL_MODE,
      },
      redis: redisConfig(env),
      trustProxy: env.TRUST_PROXY,
    },
    cache: {
      l1MaxBytes: env.CACHE_L1_MAX_BYTES,
      defaultTtlMs: env.CACHE_DEFAULT_TTL_MS,
      l2TimeoutMs: env.CACHE_L2_TIMEOUT_MS,
      redisUrl: env.REDIS_URL ?? null,
      compressionMinBytes: env.COMPRESSION_MIN_BYTES,
    },
    monitoring: {
      intervalMs: env.MONITOR_INTERVAL_MS,
      slowIntervalMs: env.MONITOR_SLOW_INTERVAL_MS,
      slowRequestMs: env.SLOW_REQUEST_MS,
      shed: {
        maxInFlight: env.MAX_IN_FLIGHT_REQUESTS || null,
        maxRssBytes: env.SHED_MEMORY_RSS_BYTES || null,
        retryAfterSeconds: env.SHED_RETRY_AFTER_SECONDS,
      },
      alertOverrides: env.ALERT_RULES,
    },
  };
}

const globalKey = Symbol.for("printguard.config");
type GlobalWithConfig = typeof globalThis & { [globalKey]?: Config };

/**
 * The process-wide config, read from process.env once. This module is the only reader of
 * process.env; the instance lives on globalThis because proxy.ts and route handlers are
 * bundled separately and would otherwise each parse it.
 */
export function getConfig(): Config {
  const g = globalThis as GlobalWithConfig;
  return (g[globalKey] ??= buildConfig(process.env));
}
