import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

const MAKER = { email: "maker@e2e.test", password: "maker-password-123" };

async function signIn(page: Page, email: string, password: string, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin creates a user and an API key; the user is refused admin pages; the key calls the API", async ({ page, request }) => {
  // The CSP (a nonce per request, no 'unsafe-inline') must not block anything the app itself does.
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  // Anonymous visitors are sent to sign in, and come back afterwards.
  await page.goto("/dashboard/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fusers/);

  // A wrong password says only this, whatever was wrong.
  await signIn(page, E2E_ADMIN.email, "not the password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("invalid email or password");

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password, "/login?callbackUrl=%2Fdashboard%2Fusers");
  await expect(page).toHaveURL(/\/dashboard\/users$/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(E2E_ADMIN.email);

  // Create a user.
  await page.getByLabel("Email").fill(MAKER.email);
  await page.getByLabel("Initial password").fill(MAKER.password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId(`user-row-${MAKER.email}`)).toBeVisible();

  // Create an API key; its secret is shown once.
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/dashboard\/api-keys$/);
  await page.getByLabel("Name").fill("print frontend");
  await page.getByRole("checkbox", { name: "status:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^pgk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);

  // Sign out, sign in as the new user: an admin page answers 403.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, MAKER.email, MAKER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  const forbidden = await page.goto("/dashboard/users");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  const api = await page.request.get("/api/admin/users");
  expect(api.status()).toBe(403);
  expect(api.headers()["content-type"]).toBe("application/problem+json");

  // The print frontend calls the API with the key.
  const health = await request.get("/api/health", { headers: { authorization: `Bearer ${key}` } });
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
  const me = await request.get("/api/me", { headers: { authorization: `Bearer ${key}` } });
  expect(await me.json()).toMatchObject({ kind: "apiKey", name: "print frontend", scopes: ["status:read"] });
  const anonymous = await request.get("/api/admin/users");
  expect(anonymous.status()).toBe(401);
  expect(cspViolations).toEqual([]);
});
