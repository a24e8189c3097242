// On a phone-sized screen no dashboard page is wider than the screen: tables scroll inside their
// own frame, grids fall to one column. (Seen broken: a two-column field forcing a second grid
// column on the audit filters, a 26rem chart minimum, a hidden label escaping a table's scroller.)
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

const PHONE = { width: 390, height: 844 };

/** Each page, and what shows that its content (not only its frame) is there. */
const PAGES: Array<{ path: string; loaded: string }> = [
  { path: "/dashboard", loaded: "section[aria-label='CPU']" },
  { path: "/dashboard/resources", loaded: "[data-chart='cpu'] .recharts-surface" },
  { path: "/dashboard/performance", loaded: ".stat-grid" },
  { path: "/dashboard/security", loaded: "#offenders-title" },
  { path: "/dashboard/audit", loaded: "form" },
  { path: "/dashboard/users", loaded: "table" },
  { path: "/dashboard/api-keys", loaded: "#api-keys-title" },
  { path: "/account", loaded: "[data-testid='mfa-status'], [data-testid='mfa-wizard']" },
];

test("on a 390 px screen no dashboard page scrolls sideways", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  for (const { path, loaded } of PAGES) {
    await page.goto(path);
    await expect(page.locator(loaded).first()).toBeVisible({ timeout: 20_000 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide on a ${PHONE.width} px screen`).toBeLessThanOrEqual(PHONE.width);
  }
});
