import { expect, test } from "@playwright/test";
import { agentWrite, seedTenant } from "../helpers/api";
import { open, screenshot } from "../helpers/ui";

test("write=deny for vector in the matrix makes the agent's next write fail with 403", async ({ page }) => {
  const t = await seedTenant("policy");
  const before = await agentWrite(t.agent.key, { tier: "vector", content: "allowed before the change" });
  expect(before.status).toBe(200);

  await open(page, "/agents", t.namespaceId);
  await expect(page.getByRole("article", { name: `Agent ${t.agent.name}` })).toBeVisible();
  const select = page.getByLabel(`${t.agent.name} vector write`);
  await expect(select).toHaveValue("direct");
  await select.selectOption("deny");
  await expect(page.getByRole("status", { name: `${t.agent.name} vector policy state` })).toHaveText("saved");
  await expect(select).toHaveValue("deny");
  await screenshot(page, "agents");

  const after = await agentWrite(t.agent.key, { tier: "vector", content: "denied after the change" });
  expect(after.status).toBe(403);
  // Other tiers are untouched.
  expect((await agentWrite(t.agent.key, { tier: "episodic", content: "still fine" })).status).toBe(200);

  // The denial shows up as an alert on the Overview.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("table", { name: "Recent denied writes" }).locator("tbody tr.alert-row")).toHaveCount(1);
});

test("creating an agent and a key shows the key once; revoking it locks the agent out", async ({ page }) => {
  const t = await seedTenant("keys");
  await open(page, "/agents", t.namespaceId);
  await page.getByLabel("Agent name").fill("planner");
  await page.getByRole("button", { name: "Create agent" }).click();
  const card = page.getByRole("article", { name: "Agent planner" });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Create key for planner" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key for planner" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Copy key" })).toBeVisible();
  const key = await dialog.getByLabel("API key").inputValue();
  expect(key).toMatch(/^mk_/);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);

  expect((await agentWrite(key, { tier: "vector", content: "written with the new key" })).status).toBe(200);
  await card.getByRole("button", { name: `Revoke key ${key.slice(0, 10)}` }).click();
  await expect(card.getByRole("table")).toContainText("revoked");
  expect((await agentWrite(key, { tier: "vector", content: "after revoke" })).status).toBe(401);
});
