import { expect, test } from "@playwright/test";
import { createOperator, rest, seedTenant, signInBearer, write } from "../helpers/api";
import { open, signIn } from "../helpers/ui";

test.describe("viewer role", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a viewer sees pending promotions but no approve or reject buttons; the server refuses too", async ({
    page,
  }) => {
    const t = await seedTenant("viewer");
    const pending = await write(t.agent.key, { tier: "knowledge", content: "Viewers cannot approve this" });
    if (pending.status !== "pending") throw new Error("expected a gated write");
    const viewer = await createOperator("viewer");

    await signIn(page, viewer.email, viewer.password);
    await expect(page.getByLabel("Signed-in operator")).toContainText("viewer");
    // auth.me names the operator; no operator list lookup is needed.
    await expect(page.getByLabel("Signed-in operator")).toContainText(viewer.email);
    await open(page, "/approvals", t.namespaceId);
    const card = page.getByRole("article", { name: "Promotion: Viewers cannot approve this" });
    await expect(card).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Reject/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);

    // No admin controls on the agents page either.
    await page.getByRole("link", { name: "Agents" }).click();
    await expect(page.getByRole("article", { name: `Agent ${t.agent.name}` })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create agent" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    await expect(page.getByLabel(`${t.agent.name} vector write`)).toBeDisabled();

    const token = await signInBearer(viewer.email, viewer.password);
    const refused = await rest("POST", `/promotions/${pending.promotionId}/approve`, token, {});
    expect(refused.status).toBe(403);
  });
});
