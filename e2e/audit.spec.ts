import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

test("a request the sanitizer blocks is found in the audit log with a filter, and its drawer shows the event", async ({ page, request }) => {
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  // The attack: refused with 403 problem+json before any route runs.
  const blocked = await request.get("/api/health?q=<script>alert(1)</script>");
  expect(blocked.status()).toBe(403);
  const { requestId } = (await blocked.json()) as { requestId: string };

  await page.goto("/login?callbackUrl=%2Fdashboard%2Faudit");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/audit$/);

  // Filter by type; the URL carries the filter. The event is written in the background: reload until it is there.
  await page.getByLabel("Type").selectOption("input.rejected");
  await page.getByLabel("Search text").fill(requestId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/type=input.rejected/);
  await expect(page).toHaveURL(new RegExp(`q=${requestId}`));
  const rows = page.getByTestId("audit-row");
  await expect(async () => {
    await page.reload();
    await expect(rows.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("input.rejected");
  await expect(rows.first()).toContainText(/High|Critical/);
  await expect(rows.first()).toContainText("/api/health");
  // The form follows the URL after a reload.
  await expect(page.getByLabel("Type")).toHaveValue("input.rejected");
  await expect(page.getByLabel("Search text")).toHaveValue(requestId);

  // The drawer shows the event's JSON, with the request id the 403 answer carried.
  await rows.first().getByRole("button", { name: /input\.rejected/ }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId("audit-drawer-json")).toContainText(`"requestId": "${requestId}"`);
  await expect(drawer.getByTestId("audit-drawer-json")).toContainText('"family": "xss"');
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // A filter that matches nothing says so; the export links carry the filters.
  await page.getByLabel("IP").fill("192.0.2.250");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /format=csv/);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /ip=192.0.2.250/);

  // The overview counts the refusal among the last day's serious events and leads to the security page.
  await page.getByRole("link", { name: "Overview" }).click();
  const securityCard = page.getByRole("region", { name: "Security" });
  await expect(securityCard.getByTestId("overview-security-total")).toHaveText(/^[1-9]\d* events?$/);
  await expect(securityCard).toContainText(/Last 24 hours · [1-9]\d* high or critical/);

  // The security page charts the same events.
  await securityCard.getByRole("link", { name: "Open the security page" }).click();
  await expect(page).toHaveURL(/\/dashboard\/security$/);
  await expect(page.getByRole("heading", { name: /Last 24 hours: \d+/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Events by threat level, last 24 hours" })).toBeVisible();
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Protections" })).toBeVisible();
  expect(cspViolations).toEqual([]);
});
