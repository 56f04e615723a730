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
  await expect(
    page.getByRole("table", { name: "Recent denied writes" }).locator("tbody tr.alert-row"),
  ).toHaveCount(1);
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

test("the namespace default row sets the policy of every agent without a row of its own", async ({
  page,
}) => {
  const t = await seedTenant("ns-default");
  await open(page, "/agents", t.namespaceId);
  const defaultWrite = page.getByLabel("Namespace default episodic write");
  await expect(defaultWrite).toHaveValue("direct");
  await expect(page.getByRole("status", { name: "Namespace default episodic policy state" })).toHaveText(
    "built-in",
  );
  await expect(page.getByRole("status", { name: `${t.agent.name} episodic policy state` })).toHaveText(
    "built-in",
  );

  await defaultWrite.selectOption("gated");
  await expect(page.getByRole("status", { name: "Namespace default episodic policy state" })).toHaveText(
    "saved",
  );
  await expect(defaultWrite).toHaveValue("gated");
  // The agent inherits it: its cell follows, and its next episodic write waits for approval.
  await expect(page.getByLabel(`${t.agent.name} episodic write`)).toHaveValue("gated");
  await expect(page.getByRole("status", { name: `${t.agent.name} episodic policy state` })).toHaveText(
    "namespace-default",
  );
  const gated = await agentWrite(t.agent.key, { tier: "episodic", content: "needs approval now" });
  expect(gated.status).toBe(200);
  expect(gated.body.status).toBe("pending");

  // The stored default row is what admin.policies lists, and a reload shows it.
  await page.reload();
  await expect(page.getByLabel("Namespace default episodic write")).toHaveValue("gated");
  await expect(page.getByRole("status", { name: "Namespace default episodic policy state" })).toHaveText(
    "namespace-default",
  );
});
