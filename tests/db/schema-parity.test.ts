import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Both providers share one data model; only the generator/datasource header may differ.
const PRISMA = fileURLToPath(new URL("../../prisma", import.meta.url));
const PROVIDERS = ["sqlite", "postgresql"] as const;
const MARKER = "// ---- models";

function modelsSection(provider: string): string {
  const text = readFileSync(join(PRISMA, provider, "schema.prisma"), "utf8").replace(/\r\n/g, "\n");
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(MARKER));
  expect(start, `${provider}/schema.prisma has a "${MARKER}" line`).toBeGreaterThanOrEqual(0);
  return lines.slice(start).join("\n");
}

function migrationFolders(provider: string): string[] {
  const dir = join(PRISMA, provider, "migrations");
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

describe("schema parity between prisma/sqlite and prisma/postgresql", () => {
  it(`schema.prisma files are identical from the "${MARKER}" line on`, () => {
    const [sqlite, postgresql] = PROVIDERS.map(modelsSection);
    expect(sqlite).toContain("model User {");
    expect(postgresql).toBe(sqlite);
  });

  it("both migrations folders hold the same migration folder names, each with a migration.sql", () => {
    const [sqlite, postgresql] = PROVIDERS.map(migrationFolders);
    expect(sqlite!.length).toBeGreaterThan(0);
    expect(postgresql).toEqual(sqlite);
    for (const provider of PROVIDERS) {
      for (const name of migrationFolders(provider)) {
        expect(existsSync(join(PRISMA, provider, "migrations", name, "migration.sql")), `${provider}/${name}/migration.sql`).toBe(true);
      }
    }
  });

  it("each migration_lock.toml names its own provider", () => {
    for (const provider of PROVIDERS) {
      const lock = readFileSync(join(PRISMA, provider, "migrations", "migration_lock.toml"), "utf8");
      expect(lock).toMatch(new RegExp(`^provider = "${provider}"$`, "m"));
    }
  });
});
