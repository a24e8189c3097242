import { z } from "zod";

/**
 * Every environment variable PrintGuard reads, in one zod schema. Pure: it takes an env record
 * and returns typed values; file-backed secrets are resolved afterwards in ./secrets.ts.
 * Empty strings count as unset (create-t3-app's habit), so `FOO=` in a .env file means default.
 */

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUnset, z.string().optional());
// Defaults sit inside the preprocess, so that "" (made undefined there) also takes the default.
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyAsUnset,
    z.coerce
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );
const base64Key32 = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, { error: "must be 32 bytes, base64-encoded" })
    .optional(),
);

/** Comma-separated base64 keys of 32 bytes each (keys being rotated out); empty when unset. */
const base64Keys32 = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => Buffer.from(k, "base64").length === 32), { error: "must be comma-separated keys of 32 bytes, base64-encoded" })
    .optional()
    .transform((keys) => keys ?? []),
);

const guardMode = z.enum(["enforce", "monitor", "off"], { error: "must be enforce, monitor or off" });
const FAMILY_NAMES = ["sql_injection", "xss", "command_injection", "path_traversal"] as const;
const familySchema = z.enum(FAMILY_NAMES, { error: `must name a family (${FAMILY_NAMES.join(", ")})` });

const familyModes = z.string().transform((text, ctx) => {
  const modes: Partial<Record<(typeof FAMILY_NAMES)[number], z.infer<typeof guardMode>>> = {};
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [family, mode] = entry.split("=").map((p) => p.trim());
    const f = familySchema.safeParse(family);
    const m = guardMode.safeParse(mode);
    if (!f.success || !m.success) {
      ctx.addIssue({ code: "custom", message: `entry "${entry}" must look like xss=monitor (family=enforce|monitor|off)` });
      return z.NEVER;
    }
    modes[f.data] = m.data;
  }
  return modes;
});

const allowlist = z.string().transform((text, ctx) => {
  const entries: Array<{ route: string; field: string; family: (typeof FAMILY_NAMES)[number] }> = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [route, field, family] = entry.split("|").map((p) => p.trim());
    const f = familySchema.safeParse(family);
    if (!route?.startsWith("/") || !field || !f.success) {
      ctx.addIssue({ code: "custom", message: `entry "${entry}" must look like /api/print/jobs|body.gcode|command_injection` });
      return z.NEVER;
    }
    entries.push({ route, field, family: f.data });
  }
  return entries;
});

const jsonObject = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: "custom", message: "must be a JSON object" });
  return z.NEVER;
});

export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "addresses"; addresses: string[] };

const trustProxy = z.string().transform((text, ctx): TrustProxy => {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { kind: "hops" as const, hops: Number(trimmed) };
  const addresses = trimmed.split(",").map((a) => a.trim()).filter(Boolean);
  if (addresses.length === 0 || addresses.some((a) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a))) {
    ctx.addIssue({ code: "custom", message: "must be a hop count or a comma-separated list of proxy IPs/CIDRs" });
    return z.NEVER;
  }
  return { kind: "addresses" as const, addresses };
});

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUnset, z.enum(["development", "production", "test"], { error: "must be development, production or test" }).default("development")),
  PORT: integer(1, 65535, 3000),
  HOST: optionalString,
  APP_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default("./data")),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, { error: "must start with file: (SQLite) or postgres:// (PostgreSQL)" })
      .optional(),
  ),
  AUTH_SECRET: z.preprocess(emptyAsUnset, z.string().min(32, { error: "must be at least 32 characters" }).optional()),
  MFA_ENCRYPTION_KEY: base64Key32,
  /** Earlier MFA keys, still accepted for decryption until `npm run mfa:rekey` has moved every secret to the current one. */
  MFA_ENCRYPTION_KEYS_PREVIOUS: base64Keys32,
  SESSION_MAX_AGE_SECONDS: integer(60, 30 * 24 * 3600, 8 * 3600),
  /** How recent a sign-in (or MFA code) must be to enroll an authenticator or reset someone's MFA. */
  REAUTH_WINDOW_SECONDS: integer(60, 24 * 3600, 600),
  /** Admins must enroll MFA before anything else works (NIST AAL2 for privileged accounts). */
  REQUIRE_ADMIN_MFA: z.preprocess(
    emptyAsUnset,
    z
      .enum(["true", "false", "1", "0"], { error: "must be true or false" })
      .default("true")
      .transform((v) => v === "true" || v === "1"),
  ),
  PRINTGUARD_ADMIN_EMAIL: z.preprocess(emptyAsUnset, z.email({ pattern: z.regexes.html5Email, error: "must be an email address" }).optional()),
  PRINTGUARD_ADMIN_PASSWORD: z.preprocess(
    emptyAsUnset,
    z.string().min(12, { error: "must be at least 12 characters" }).max(256).optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be a pino level (info, debug, …)" })
      .default("info"),
  ),
  SHUTDOWN_TIMEOUT_MS: integer(0, 120_000, 10_000),
  /** Days of audit events kept; older ones are pruned once a day (the pruning is itself audited). */
  AUDIT_RETENTION_DAYS: integer(1, 3650, 90),

  // ---- request guard ----
  SANITIZER_MODE: z.preprocess(emptyAsUnset, guardMode.default("enforce")),
  /** Per-family overrides, e.g. `xss=monitor,command_injection=off`. */
  SANITIZER_FAMILY_MODES: z.preprocess(emptyAsUnset, familyModes.default({})),
  /** Route + field pairs that skip a family: `<route pattern>|<field>|<family>`, comma-separated. */
  SANITIZER_ALLOWLIST: z.preprocess(emptyAsUnset, allowlist.default([])),
  // At most 8 MiB: Next hands the proxy no more than 10 MB of a body (proxyClientMaxBodySize).
  SANITIZER_MAX_BODY_BYTES: integer(1_024, 8 * 1024 * 1024, 1024 * 1024),
  RATE_LIMIT_MODE: z.preprocess(emptyAsUnset, guardMode.default("enforce")),
  /** JSON object of policy overrides by policy name (see lib/ratelimit/policies.ts). */
  RATE_LIMIT_POLICIES: z.preprocess(emptyAsUnset, jsonObject.default({})),
  RATE_LIMIT_STORE_TIMEOUT_MS: integer(1, 10_000, 50),
  RATE_LIMIT_FAIL_MODE: z.preprocess(
    emptyAsUnset,
    z.enum(["open", "closed"], { error: "must be open or closed" }).default("open"),
  ),
  REDIS_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional()),
  UPSTASH_REDIS_REST_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  /**
   * Which reverse proxies to believe about the client address: a hop count (`1` = the nearest
   * proxy appends the client) or a comma-separated list of proxy IPs. Unset: the socket address.
   */
  TRUST_PROXY: z.preprocess(emptyAsUnset, trustProxy.default({ kind: "none" } as TrustProxy)),

  // ---- cache and compression ----
  /** Upper bound of the in-process (L1) cache, in bytes of serialized values. */
  CACHE_L1_MAX_BYTES: integer(64 * 1024, 2 * 1024 * 1024 * 1024, 32 * 1024 * 1024),
  /** Lifetime of a cache entry when its caller names none. */
  CACHE_DEFAULT_TTL_MS: integer(100, 24 * 3600 * 1000, 60_000),
  /** Longest an L2 (Redis) command may take before it counts as a miss. */
  CACHE_L2_TIMEOUT_MS: integer(1, 10_000, 100),
  /** JSON API responses at least this large are compressed (br or gzip); 0 compresses all. */
  COMPRESSION_MIN_BYTES: integer(0, 1024 * 1024 * 1024, 1024),
  // ---- monitoring and load shedding ----
  MONITOR_INTERVAL_MS: integer(250, 60_000, 2_000),
  /** Cadence of the costly probes (disk usage per mount). */
  MONITOR_SLOW_INTERVAL_MS: integer(5_000, 3_600_000, 60_000),
  SLOW_REQUEST_MS: integer(1, 600_000, 1_000),
  /** Requests in flight above which non-admin requests get 503; 0 turns the limit off. */
  MAX_IN_FLIGHT_REQUESTS: integer(0, 1_000_000, 1_000),
  /** Resident memory (bytes) above which non-admin requests get 503; 0 (default) turns it off. */
  SHED_MEMORY_RSS_BYTES: integer(0, Number.MAX_SAFE_INTEGER, 0),
  SHED_RETRY_AFTER_SECONDS: integer(1, 3_600, 5),
  /** JSON overrides of alert rules by id, e.g. `{"cpu":{"warning":0.7},"disk":{"enabled":false}}`. */
  ALERT_RULES: z.preprocess(emptyAsUnset, jsonObject.default({})),
});

export type Env = z.infer<typeof envSchema>;

/** A bad environment: `message` is one line naming the variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses `env` or throws a ConfigError naming the first bad variable (never its value: it may be a secret). */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? "environment");
  throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
}
