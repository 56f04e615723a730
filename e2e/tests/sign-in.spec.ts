import { expect, test } from "@playwright/test";
import { seedTenant, write } from "../helpers/api";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../helpers/env";
import { open, screenshot } from "../helpers/ui";

test.describe("sign-in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a console page without a session goes to sign-in", async ({ page }) => {
    await page.goto("/memories");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("a wrong password shows an error; the right one lands on Overview", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("form", { name: "Sign in to MemroOS" }).getByRole("alert")).toHaveText(
      /wrong email or password/i,
    );
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByLabel("Signed-in operator")).toContainText(ADMIN_EMAIL);
    await expect(page.getByLabel("Signed-in operator")).toContainText("admin");
  });
});

test("Overview counts memories per tier and lists denied writes", async ({ page }) => {
  const t = await seedTenant("overview");
  for (const content of [
    "Solar panels face south",
    "Inverters need a yearly check",
    "Batteries last ten years",
  ]) {
    await write(t.agent.key, { tier: "vector", content });
  }
  await write(t.agent.key, { tier: "episodic", content: "The operator asked about the roof" });
  await open(page, "/overview", t.namespaceId);
  await expect(page.getByRole("region", { name: "vector memories" })).toContainText("3");
  await expect(page.getByRole("region", { name: "episodic memories" })).toContainText("1");
  await expect(page.getByRole("table", { name: "Recent denied writes" })).toContainText("No denied writes");
  await screenshot(page, "overview");
});
