// Which backing services answer, and how a suite that needs one behaves when it does not:
// skipped with the reason in its name, or failed when REQUIRE_SERVICES=1|true (as in CI, where
// a silently skipped PostgreSQL suite would hide a broken service).
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { describe, it } from "vitest";

export type Service = "postgres" | "redis";

export const POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test";
const ADDRESS: Record<Service, string> = { postgres: "127.0.0.1:5432", redis: "127.0.0.1:6379" };

export function servicesRequired(): boolean {
  const value = process.env.REQUIRE_SERVICES?.trim().toLowerCase();
  return value === "1" || value === "true";
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined); // a dropped connection must not crash the test worker
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** TCP connect + inline `PING`; true only on `+PONG` (an auth-protected Redis is not usable here). */
export function redisAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 6379 });
    let reply = "";
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 1_000);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
    socket.on("error", () => finish(false));
  });
}

/**
 * `describe` for a suite that needs `service`: runs it when `available`; otherwise skips it
 * with the reason in its name, or, when REQUIRE_SERVICES is set, registers one failing test.
 */
export function describeWithService(service: Service, available: boolean) {
  return (title: string, body: () => void): void => {
    if (available) {
      describe(title, body);
    } else if (servicesRequired()) {
      describe(title, () => {
        it(`needs ${service} (REQUIRE_SERVICES is set)`, () => {
          throw new Error(`${service} is not answering at ${ADDRESS[service]} and REQUIRE_SERVICES is set`);
        });
      });
    } else {
      describe.skip(`${title} (skipped: ${service} not answering at ${ADDRESS[service]})`, body);
    }
  };
}

/** A freshly created, uniquely named PostgreSQL database; `drop()` removes it even if clients linger. */
export async function createTempPostgresDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`; // lower-case hex: a safe identifier
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
