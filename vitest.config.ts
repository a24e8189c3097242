import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // Same `@/` alias as tsconfig paths, so tests import modules the way the app does.
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    // Locally every test by name, so a suite skipped for a missing service is visible with its
    // reason; in CI (where REQUIRE_SERVICES=1 turns a missing service into a failure) one line per
    // file, which keeps the log short enough to be read to its end. The JSON file feeds
    // scripts/test-summary.mjs, which prints CI's one-line count.
    reporters: [process.env.CI ? "default" : "verbose", ["json", { outputFile: "reports/vitest.json" }]],
    include: ["tests/**/*.test.ts"],
    // Database tests create and migrate real databases; files still run in parallel, each on
    // its own temp SQLite file or freshly created PostgreSQL database.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
