import { expect, type Page } from "@playwright/test";
import { SCREENSHOTS } from "./env";

/** Opens a console page looking at the given namespace (`?ns=` selects and remembers it). */
export async function open(page: Page, path: string, namespaceId: string) {
  const sep = path.includes("?") ? "&" : "?";
  await page.goto(`${path}${sep}ns=${namespaceId}`);
  await expect(page.getByRole("combobox", { name: "Namespace", exact: true })).toHaveValue(namespaceId);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}
