import pino from "pino";
import { getConfig } from "@/lib/config";

/**
 * Structured logs (pino). Redaction is a second line of defence: code never passes secrets to the
 * logger on purpose, but if a request, header set or user row slips in, these paths are censored.
 */
const REDACT_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "code",
  "*.code",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "cookie",
  "*.cookie",
  "apiKey",
  "*.apiKey",
];

const globalKey = Symbol.for("printguard.logger");
type GlobalWithLogger = typeof globalThis & { [globalKey]?: pino.Logger };

export function getLogger(): pino.Logger {
  const g = globalThis as GlobalWithLogger;
  return (g[globalKey] ??= pino({
    level: getConfig().logLevel,
    base: { app: "printguard" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  }));
}
