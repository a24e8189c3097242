import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

test("an admin sees cache figures per namespace and clears one namespace, then all, after confirming", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto("/login?callbackUrl=%2Fdashboard%2Fperformance");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/performance$/);

  // Fill the server cache: the admin user list is server-cached (a miss, then a hit).
  for (let i = 0; i < 2; i++) expect((await page.request.get("/api/admin/users")).status()).toBe(200);
  await page.reload();

  const panel = page.getByRole("region", { name: "Cache" });
  const row = panel.getByTestId("cache-l1-http.admin-users");
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(0)).toHaveText("50.0 %"); // hit rate: 1 hit, 1 miss
  await expect(row.getByRole("cell").nth(4)).toHaveText("1"); // entries
  await expect(panel.getByText("L2 is off: set REDIS_URL")).toBeVisible();

  // Clearing asks first; Cancel leaves everything as it is.
  await row.getByRole("button", { name: "Clear namespace http.admin-users" }).click();
  const dialog = page.getByRole("dialog", { name: "Clear namespace “http.admin-users”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");

  await row.getByRole("button", { name: "Clear namespace http.admin-users" }).click();
  await dialog.getByRole("button", { name: "Clear" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "Cleared namespace “http.admin-users”." })).toBeVisible();
  await expect(row.getByRole("cell").nth(4)).toHaveText("0");

  await page.request.get("/api/admin/users");
  await page.reload();
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await panel.getByRole("button", { name: "Clear all" }).click();
  await page.getByRole("dialog", { name: "Clear the whole cache?" }).getByRole("button", { name: "Clear" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "Cleared the whole cache." })).toBeVisible();
  await expect(row.getByRole("cell").nth(4)).toHaveText("0");

  expect(cspViolations).toEqual([]);
});

test("anonymous visitors are sent to sign in from the performance page; the stats API answers 401", async ({ page, request }) => {
  // Anonymous: sent to sign in.
  await page.goto("/dashboard/performance");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fperformance/);
  const stats = await request.get("/api/security-performance/performance/cache/stats");
  expect(stats.status()).toBe(401);
});
