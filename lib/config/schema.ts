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
  SESSION_MAX_AGE_SECONDS: integer(60, 30 * 24 * 3600, 8 * 3600),
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
