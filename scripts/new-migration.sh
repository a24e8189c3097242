#!/usr/bin/env bash
# Writes prisma/{sqlite,postgresql}/migrations/<timestamp>_<name>/migration.sql: the SQL that takes
# the schema at a git revision (default HEAD) to the working copy's schema, for both providers.
#
#   bash scripts/new-migration.sh add_audit_fields [REV]
#
# Prisma 7's `migrate diff` needs the native schema engine, which cannot be downloaded here, so
# this uses Prisma 6.19.3's wasm engine in a scratch folder (see DEVELOPERS.md). Review the SQL.
set -euo pipefail
name=${1:?usage: new-migration.sh <name> [git-rev]}
rev=${2:-HEAD}
root=$(git rev-parse --show-toplevel)
scratch=${PRISMA6_SCRATCH:-/tmp/printguard-prisma6}
stamp=$(date -u +%Y%m%d%H%M%S)

if [ ! -x "$scratch/node_modules/.bin/prisma" ]; then
  mkdir -p "$scratch"
  (cd "$scratch" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund \
    prisma@6.19.3 @prisma/adapter-better-sqlite3@6.19.3 @prisma/adapter-pg@6.19.3 >/dev/null)
  # The adapter's native module, taken from the project's own (built) better-sqlite3.
  mkdir -p "$scratch/node_modules/better-sqlite3/build/Release"
  cp "$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$scratch/node_modules/better-sqlite3/build/Release/"
fi

cat > "$scratch/prisma.config.ts" <<'TS'
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
const provider = process.env.PROVIDER!;
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `to-${provider}.prisma`,
  adapter: async () =>
    provider === "sqlite"
      ? new PrismaBetterSQLite3({ url: ":memory:" })
      : new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" }),
} as never);
TS

# Prisma 6 wants a url in the datasource and no prisma-client generator options it does not know.
to_v6() {
  sed -e '/^generator client {/,/^}/d' \
      -e 's|provider = "sqlite"|provider = "sqlite"\n  url = "file::memory:"|' \
      -e 's|provider = "postgresql"|provider = "postgresql"\n  url = "postgresql://postgres@127.0.0.1:5432/postgres"|'
}

for provider in sqlite postgresql; do
  schema="prisma/$provider/schema.prisma"
  to_v6 < "$root/$schema" > "$scratch/to-$provider.prisma"
  if git -C "$root" cat-file -e "$rev:$schema" 2>/dev/null; then
    git -C "$root" show "$rev:$schema" | to_v6 > "$scratch/from-$provider.prisma"
    from=(--from-schema-datamodel "from-$provider.prisma")
  else
    from=(--from-empty)
  fi
  out="$root/prisma/$provider/migrations/${stamp}_${name}"
  sql=$(cd "$scratch" && PROVIDER=$provider PRISMA_QUERY_ENGINE_LIBRARY=$(command -v node) PRISMA_SCHEMA_ENGINE_BINARY=$(command -v node) \
    npx prisma migrate diff "${from[@]}" --to-schema-datamodel "to-$provider.prisma" --script 2>/dev/null)
  mkdir -p "$out"
  printf '%s\n' "$sql" > "$out/migration.sql"
  echo "wrote ${out#$root/}/migration.sql"
done
