// MFA end to end in Chromium, against a real authenticator that shares no code with ours:
// zbarimg reads the QR code the server rendered, oathtool computes the codes.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { spawnServer, stopServer, waitReady } from "../tests/support/server";

const PERSON = { email: "mfa-person@e2e.test", password: "mfa-person-password-1" };

/** oathtool's code for `offsetSeconds` from now (+30 = the next time step). */
function oathtool(secret: string, offsetSeconds = 0): string {
  return execFileSync("oathtool", ["--totp", "-b", "-N", `now + ${offsetSeconds} seconds`, secret], { encoding: "utf8" }).trim();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function submitCode(page: Page, code: string) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
}

async function signOut(page: Page) {
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
}

test("enroll with the wizard, then sign in with a TOTP code and a backup code; a replayed code is refused; wrong codes lock; an admin resets it", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await test.step("an admin creates the person", async () => {
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/dashboard/);
    const created = await page.request.post("/api/admin/users", { data: { email: PERSON.email, password: PERSON.password, role: "user" } });
    expect(created.status()).toBe(201);
    await page.context().clearCookies();
  });

  let secret = "";
  let backupCodes: string[] = [];
  await test.step("enrollment wizard: cancel and restart, scan the QR code, a wrong code, the right code, backup codes", async () => {
    await signIn(page, PERSON.email, PERSON.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/account");
    await expect(page.getByTestId("mfa-status")).toContainText("Off");

    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await expect(page.getByRole("heading", { name: /Step 1 of 3/ })).toBeFocused();
    const firstSecret = (await page.getByTestId("mfa-secret").textContent())!.replace(/\s/g, "");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await expect(page.getByRole("heading", { name: /Step 1 of 3/ })).toBeFocused();

    // The QR code, read by zbarimg, carries an otpauth URI whose secret is the one shown for typing.
    const src = (await page.getByTestId("mfa-qr").getAttribute("src"))!;
    expect(src).toMatch(/^data:image\/png;base64,/);
    const png = testInfo.outputPath("qr.png");
    writeFileSync(png, Buffer.from(src.split(",")[1]!, "base64"));
    const uri = new URL(execFileSync("zbarimg", ["--nodbus", "-q", "--raw", png], { encoding: "utf8" }).trim());
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/PrintGuard:${PERSON.email}`);
    expect(uri.searchParams.get("issuer")).toBe("PrintGuard");
    secret = uri.searchParams.get("secret")!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await page.getByTestId("mfa-secret").textContent())!.replace(/\s/g, "")).toBe(secret);
    expect(secret).not.toBe(firstSecret); // restarting made a new secret

    await page.getByRole("button", { name: "Next: enter a code" }).click();
    await expect(page.getByRole("heading", { name: /Step 2 of 3/ })).toBeFocused();
    await page.getByLabel("Code from your app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
    await page.getByLabel("Code from your app").fill(oathtool(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();

    await expect(page.getByRole("heading", { name: /Step 3 of 3/ })).toBeVisible();
    backupCodes = (await page.getByTestId("backup-codes").locator("code").allTextContents()).map((c) => c.trim());
    expect(backupCodes).toHaveLength(10);
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download .txt" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe("printguard-backup-codes.txt");
    const text = readFileSync((await download.path())!, "utf8");
    for (const code of backupCodes) expect(text).toContain(code);
    await expect(page.getByRole("button", { name: "Done" })).toBeDisabled();
    await page.getByLabel("I have saved them").check();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("mfa-status")).toContainText("On");
    await expect(page.getByTestId("backup-codes-left")).toHaveText("10 of 10");
  });

  let usedCode = "";
  await test.step("sign out; email and password alone ask for a code; a TOTP code signs in", async () => {
    await signOut(page);
    await signIn(page, PERSON.email, PERSON.password);
    await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
    await expect(page.getByLabel("Code", { exact: true })).toBeFocused();
    // No session yet: the account page still sends us to sign in.
    expect((await page.context().cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
    usedCode = oathtool(secret, 30); // the enrollment used the current step; the next one is within ±1
    await submitCode(page, usedCode);
    await expect(page).toHaveURL(/\/dashboard/);
  });

  await test.step("sign out; a backup code signs in, and the account page counts it", async () => {
    await signOut(page);
    await signIn(page, PERSON.email, PERSON.password);
    await submitCode(page, backupCodes[0]!);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/account");
    await expect(page.getByTestId("backup-codes-left")).toHaveText("9 of 10");
  });

  await test.step("sign out; the TOTP code used before is refused as a replay, then wrong codes lead to a lockout", async () => {
    await signOut(page);
    await signIn(page, PERSON.email, PERSON.password);
    await submitCode(page, usedCode);
    await expect(page.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();

    let locked = false;
    for (let attempt = 0; attempt < 30 && !locked; attempt++) {
      await submitCode(page, "000000");
      const alert = page.getByRole("alert").filter({ hasText: /not valid|Wait \d+ seconds|locked/ });
      await expect(alert).toBeVisible();
      const message = (await alert.textContent()) ?? "";
      const wait = /Wait (\d+) seconds/.exec(message);
      if (wait) await page.waitForTimeout(Number(wait[1]) * 1000 + 250);
      locked = /locked for 15 minutes/.test(message);
      // Each submit re-renders the message; clear it by waiting for the button to be ready again.
      await expect(page.getByRole("button", { name: "Verify and sign in" })).toBeEnabled();
    }
    expect(locked).toBe(true);
    // Locked: even the right code is refused now.
    await submitCode(page, oathtool(secret, 60));
    await expect(page.getByRole("alert").filter({ hasText: "locked" })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  await test.step("an admin resets the person's MFA from the users page; the password alone signs them in again", async () => {
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/dashboard/users");
    const row = page.getByTestId(`user-row-${PERSON.email}`);
    await expect(row.getByRole("cell", { name: "On", exact: true })).toBeVisible();
    await row.getByRole("button", { name: `Reset MFA for ${PERSON.email}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset MFA for ${PERSON.email}?` });
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Reset MFA" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Two-factor authentication for ${PERSON.email} was reset` })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Off", exact: true })).toBeVisible();

    await page.context().clearCookies();
    await signIn(page, PERSON.email, PERSON.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto("/account");
    await expect(page.getByTestId("mfa-status")).toContainText("Off");
  });

  expect(cspViolations).toEqual([]);
});

test("REQUIRE_ADMIN_MFA: an admin without MFA lands on the wizard, can open nothing else, and enrolling upgrades the session", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const admin = { email: "forced-admin@e2e.test", password: "forced-admin-password-1" };
  // Its own server: the suite's web server runs with REQUIRE_ADMIN_MFA=false.
  const server = await spawnServer({ REQUIRE_ADMIN_MFA: "true", PRINTGUARD_ADMIN_EMAIL: admin.email, PRINTGUARD_ADMIN_PASSWORD: admin.password, LOG_LEVEL: "warn" });
  try {
    await waitReady(server);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, admin.email, admin.password);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText("Your role requires two-factor authentication: set it up to continue")).toBeVisible();
    // The wizard is already open at step 1; other pages send us back here.
    await expect(page.getByRole("heading", { name: /Step 1 of 3/ })).toBeVisible();
    await page.goto("/dashboard/users");
    await expect(page).toHaveURL(/\/account$/);
    const refused = await page.request.get("/api/admin/users");
    expect(refused.status()).toBe(403);
    expect((await refused.json()).type).toBe("/problems/mfa-required");

    const src = (await page.getByTestId("mfa-qr").getAttribute("src"))!;
    const png = testInfo.outputPath("forced-qr.png");
    writeFileSync(png, Buffer.from(src.split(",")[1]!, "base64"));
    const secret = new URL(execFileSync("zbarimg", ["--nodbus", "-q", "--raw", png], { encoding: "utf8" }).trim()).searchParams.get("secret")!;
    // By keyboard: the step's button, then the code field, Enter to submit.
    await page.getByRole("button", { name: "Next: enter a code" }).press("Enter");
    await expect(page.getByRole("heading", { name: /Step 2 of 3/ })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Code from your app")).toBeFocused();
    await page.keyboard.type(oathtool(secret));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: /Step 3 of 3/ })).toBeVisible();
    await page.getByLabel("I have saved them").check();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("mfa-status")).toContainText("On");

    await page.goto("/dashboard/users");
    await expect(page).toHaveURL(/\/dashboard\/users$/);
    expect((await page.request.get("/api/admin/users")).status()).toBe(200);
    await context.close();
  } finally {
    await stopServer(server, { removeData: true });
  }
});
