import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

test("an admin opens the resources page and sees the charts fill with live data, pause and resume", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await page.goto("/login?callbackUrl=%2Fdashboard%2Fresources");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/resources$/);
  await expect(page.getByRole("heading", { level: 1, name: "Resources" })).toBeVisible();

  // The CPU chart draws a line over live samples, described for screen readers.
  const cpu = page.locator('[data-chart="cpu"]');
  await expect(cpu.locator(".recharts-line-curve").first()).toBeVisible({ timeout: 20_000 });
  await expect(cpu.getByRole("img", { name: /^CPU usage, \d+ points\. Machine: latest \d+ %, peak \d+ %/ })).toBeVisible();
  for (const chart of ["memory", "disk", "network"]) {
    // a flat line (disk usage) has no height, so "visible" is the wrong question: it is drawn with segments
    await expect(page.locator(`[data-chart="${chart}"] .recharts-line-curve`).first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+[CL]/);
  }

  // The monitoring styles apply on screen (an unclosed `@media print` block once confined them to print).
  await expect(page.locator(".chart-grid")).toHaveCSS("display", "grid");
  await expect(page.locator(".live-controls")).toHaveCSS("display", "flex");

  // Live: more points arrive without reloading.
  const pointsNow = Number(await cpu.getAttribute("data-points"));
  await expect.poll(async () => Number(await cpu.getAttribute("data-points")), { timeout: 15_000 }).toBeGreaterThan(pointsNow);

  // Paused: the count stays put; resumed: it grows again.
  await page.getByRole("button", { name: "Pause live updates" }).click();
  await expect(page.getByRole("button", { name: "Resume live updates" })).toHaveAttribute("aria-pressed", "true");
  const pausedAt = Number(await cpu.getAttribute("data-points"));
  await page.waitForTimeout(5_000);
  expect(Number(await cpu.getAttribute("data-points"))).toBe(pausedAt);
  await page.getByRole("button", { name: "Resume live updates" }).click();
  await expect.poll(async () => Number(await cpu.getAttribute("data-points")), { timeout: 15_000 }).toBeGreaterThan(pausedAt);

  // Another range: the hour, at 15-second steps.
  await page.getByRole("radio", { name: "1 hour" }).check();
  await expect(page.getByText(/one point per 15 s/)).toBeVisible();
  await expect(cpu.locator(".recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+[CL]/);

  // The performance page lists the routes this session used, by their pattern.
  await page.getByRole("link", { name: "Performance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Performance" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "/api/security-performance/performance/resource-usage" }).first()).toBeVisible();
  await expect(page.locator(".stat-grid")).toHaveCSS("display", "grid");

  // The overview shows health cards.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("region", { name: "CPU" })).toBeVisible();
  // (a busy shared machine may well have a real CPU alert active: either state is fine here)
  await expect(page.getByRole("heading", { name: "Active alerts" })).toBeVisible();
  await expect(page.getByText(/No active alerts\.|CPU usage: |Memory usage: |Disk usage/).first()).toBeVisible();

  expect(cspViolations).toEqual([]);
});
