import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/hash";
import { NotFoundError } from "@/lib/http/errors";
import { forgetApiKey, rememberedKey, rememberKey } from "./api-key-memo";
import { formatScopes, parseScopes, type Scope } from "./roles";
import type { Principal } from "./principal";

/**
 * API keys look like `pgk_<prefix>_<secret>`. The prefix is public (shown in lists, used to find
 * the row); only a SHA-256 of the whole key is stored. SHA-256 rather than argon2: the secret
 * has 256 random bits, so it cannot be guessed, and keys are checked on every request.
 */
const KEY_PATTERN = /^pgk_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
/** lastUsedAt is written at most this often per key, so busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

function newPrefix(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a key and returns its secret: the only time it is ever available. */
export async function createApiKey(
  db: Db,
  input: { name: string; scopes: Scope[]; createdById: string },
): Promise<{ key: string; summary: ApiKeySummary }> {
  const prefix = newPrefix();
  const key = `pgk_${prefix}_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiKey.create({
    data: {
      name: input.name,
      prefix,
      hash: sha256Hex(key),
      scopes: formatScopes(input.scopes),
      createdById: input.createdById,
    },
    include: { createdBy: { select: { email: true } } },
  });
  return { key, summary: toSummary(row) };
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map(toSummary);
}

export async function revokeApiKey(db: Db, id: string): Promise<ApiKeySummary> {
  const row = await db.apiKey.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("No API key has this id.");
  const updated = await db.apiKey.update({
    where: { id },
    data: { revokedAt: row.revokedAt ?? new Date() },
    include: { createdBy: { select: { email: true } } },
  });
  forgetApiKey(id);
  return toSummary(updated);
}

/**
 * The principal for a presented key, or null when it is malformed, unknown or revoked. A key
 * verified in the last few seconds is answered from memory (./api-key-memo.ts).
 */
export async function authenticateApiKey(db: Db, presented: string, now = new Date()): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const givenHex = sha256Hex(presented);
  const remembered = rememberedKey(givenHex, now);
  if (remembered) {
    remembered.lastUsedAt = await touchLastUsed(db, remembered.principal.keyId, remembered.lastUsedAt, now);
    return remembered.principal;
  }
  const row = await db.apiKey.findUnique({ where: { prefix: match[1]! } });
  if (!row || row.revokedAt) return null;
  const stored = Buffer.from(row.hash, "hex");
  const given = Buffer.from(givenHex, "hex");
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
  const principal = { kind: "apiKey" as const, keyId: row.id, name: row.name, scopes: parseScopes(row.scopes) };
  rememberKey(givenHex, principal, await touchLastUsed(db, row.id, row.lastUsedAt, now), now);
  return principal;
}

/** Writes lastUsedAt when the stored one is older than its resolution; returns the one now stored. */
async function touchLastUsed(db: Db, keyId: string, lastUsedAt: Date | null, now: Date): Promise<Date | null> {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return lastUsedAt;
  await db.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: now } });
  return now;
}

type ApiKeyRow = Awaited<ReturnType<Db["apiKey"]["findFirstOrThrow"]>> & { createdBy: { email: string } };

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseScopes(row.scopes),
    createdAt: row.createdAt,
    createdBy: row.createdBy.email,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
