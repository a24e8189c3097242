// Recent sign-in, in Chromium: a session older than REAUTH_WINDOW_SECONDS cannot mint an API key
// nor start MFA enrollment; the admin form and the MFA wizard each say why and offer "Sign in
// again", which comes back to where it was. Two sessions signed in together share one wait.
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

test("a sign-in older than the window is asked to sign in again before minting a key or enrolling MFA, and comes back to the form or the wizard", async ({ browser }) => {
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
    // A second session of the same admin (another browser), for the MFA wizard.
    const wizardContext = await browser.newContext({ baseURL: server.url });
    const wizardPage = await wizardContext.newPage();
    await wizardPage.goto("/login");
    await signIn(wizardPage);
    await expect(wizardPage).toHaveURL(/\/dashboard$/);
    const signedInAt = Date.now(); // the later of the two sign-ins: the wait outlasts both
    await wizardPage.goto("/account");
    await page.goto("/dashboard/api-keys");
    await page.waitForTimeout(WINDOW_SECONDS * 1000 + 2_000 - (Date.now() - signedInAt));

    // The wizard: refused before a secret is made, with the reason and the way back to /account.
    await wizardPage.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await expect(wizardPage.getByRole("heading", { name: "Sign in again to continue" })).toBeVisible();
    await expect(wizardPage.getByTestId("mfa-qr")).toHaveCount(0);
    await wizardPage.getByRole("button", { name: "Sign in again" }).click();
    await expect(wizardPage).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
    await signIn(wizardPage);
    await expect(wizardPage).toHaveURL(/\/account$/);
    await wizardPage.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await expect(wizardPage.getByRole("heading", { name: /Step 1 of 3/ })).toBeVisible();
    await expect(wizardPage.getByTestId("mfa-qr")).toHaveAttribute("src", /^data:image\/png;base64,/);
    await wizardContext.close();

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
