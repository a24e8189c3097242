import { defineConfig, devices } from "@playwright/test";

// The e2e suite runs the production build (dist/server.js, made by `npm run build`, which
// `npm test` runs first) on its own port and DATA_DIR, in Debian's Chromium: Playwright's own
// browser download is not possible everywhere we run.
// E2E_PORT lets two checkouts run their e2e suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3199);
const DATA_DIR = "test-results/e2e-data";
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-1" };

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The JSON file feeds scripts/test-summary.mjs, which prints CI's one-line count.
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf ${DATA_DIR} && node dist/server.js`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${PORT}`,
      DATA_DIR,
      LOG_LEVEL: "warn",
      PRINTGUARD_ADMIN_EMAIL: E2E_ADMIN.email,
      PRINTGUARD_ADMIN_PASSWORD: E2E_ADMIN.password,
      // The suites sign in as an admin without MFA; e2e/mfa.spec.ts enrolls its own user.
      REQUIRE_ADMIN_MFA: "false",
      // Every spec runs from 127.0.0.1 against this one server within a few minutes: the per-IP
      // budget meant for one person (300/min, bursts of 60) and the strict sign-in and MFA limits
      // (5 per 15 min) would end the run before the MFA lockout (10 wrong codes) can be seen.
      // tests/ratelimit and tests/server/guard.test.ts prove those limits; here they are raised.
      RATE_LIMIT_POLICIES: JSON.stringify({
        "per-ip": { limit: 20_000 },
        "per-ip-burst": { enabled: false },
        "per-user": { limit: 20_000 },
        "signin-ip": { limit: 100 },
        "signin-account": { limit: 100 },
        "mfa-verify-ip": { limit: 100 },
        "mfa-verify-account": { limit: 100 },
      }),
    },
  },
});
