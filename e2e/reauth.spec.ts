// Recent sign-in for admin changes, in Chromium: a session older than REAUTH_WINDOW_SECONDS
// cannot mint an API key; the form says why and offers "Sign in again", which comes back to it.
import { expect, test, type Page } from "@playwright/test";
import { spawnServer, stopServer, waitReady } from "../tests/support/server";

const ADMIN = { email: "reauth-admin@e2e.test", password: "reauth-admin-password-1" };
const WINDOW_SECONDS = 60; // the shortest window the configuration accepts

async function signIn(page: Page) {
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function createKey(page: Page, name: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: "status:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
}

test("an admin whose sign-in is older than the window is asked to sign in again before minting a key, and comes back to the form", async ({ browser }) => {
  test.setTimeout(180_000);
  // Its own server, with the shortest window, which this test then waits out.
  const server = await spawnServer({ REAUTH_WINDOW_SECONDS: String(WINDOW_SECONDS), PRINTGUARD_ADMIN_EMAIL: ADMIN.email, PRINTGUARD_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: "warn" });
  try {
    await waitReady(server);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/login");
    await signIn(page);
    await expect(page).toHaveURL(/\/dashboard$/);
    const signedInAt = Date.now();
    await page.goto("/dashboard/api-keys");
    await page.waitForTimeout(WINDOW_SECONDS * 1000 + 2_000 - (Date.now() - signedInAt));

    // Still signed in, but not recently: refused with the reason and a way on; no key was made.
    await createKey(page, "after the window");
    await expect(page.getByRole("alert").filter({ hasText: "sign in again" })).toBeVisible();
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    expect((await (await page.request.get("/api/admin/api-keys")).json()).apiKeys).toEqual([]);

    await page.getByRole("button", { name: "Sign in again" }).click();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fapi-keys/);
    await signIn(page);
    await expect(page).toHaveURL(/\/dashboard\/api-keys$/);
    await createKey(page, "just signed in");
    await expect(page.getByTestId("new-api-key")).toHaveText(/^\s*pgk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}\s*$/);
    await context.close();
  } finally {
    await stopServer(server, { removeData: true });
  }
});
