import { createMemroClient } from "@memro/sdk";
import { expect, test } from "@playwright/test";
import { rest, seedTenant, write } from "../helpers/api";
import { API_URL } from "../helpers/env";
import { open, screenshot } from "../helpers/ui";

test("a gated knowledge write is approved in the browser and reaches the knowledge tier", async ({
  page,
}) => {
  const t = await seedTenant("approve");
  // The agent writes through the TypeScript SDK, as an agent framework would.
  const sdk = createMemroClient({ url: API_URL, apiKey: t.agent.key });
  const gated = await sdk.memories.write({ tier: "knowledge", content: "Invoices are due within 30 days" });
  expect(gated.status).toBe("pending");
  const other = await write(t.agent.key, { tier: "knowledge", content: "Refunds take 90 days" });
  expect(other.status).toBe("pending");

  await open(page, "/approvals", t.namespaceId);
  const card = page.getByRole("article", { name: "Promotion: Invoices are due within 30 days" });
  await expect(card).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pending promotions (2)" })).toBeVisible();
  await screenshot(page, "approvals");

  // Approve with edited content.
  await card.getByLabel("Content to approve").fill("Invoices are due within 30 days of issue");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);

  // Reject the other one: a reason is required.
  const rejectCard = page.getByRole("article", { name: "Promotion: Refunds take 90 days" });
  await rejectCard.getByRole("button", { name: "Reject" }).click();
  await expect(rejectCard.getByRole("button", { name: "Confirm reject" })).toBeDisabled();
  await rejectCard.getByLabel("Reason for rejecting").fill("Policy says 14 days");
  await rejectCard.getByRole("button", { name: "Confirm reject" }).click();
  await expect(rejectCard).toHaveCount(0);
  await expect(page.getByText("Nothing waits for approval.")).toBeVisible();

  // The approved fact is in the knowledge tier, as edited.
  await page.getByRole("link", { name: "Memories", exact: true }).click();
  await page.getByRole("tab", { name: "Knowledge" }).click();
  const table = page.getByRole("table", { name: /knowledge memories/ });
  await expect(table.getByRole("link", { name: "Invoices are due within 30 days of issue" })).toBeVisible();
  await expect(table).not.toContainText("Refunds take 90 days");

  // The agent sees its rejected promotion with the reason.
  const rejected = await rest<{ status: string; reason: string }[]>(
    "GET",
    "/promotions?status=rejected",
    t.agent.key,
  );
  expect(rejected.body).toEqual([
    expect.objectContaining({ status: "rejected", reason: "Policy says 14 days" }),
  ]);
});

test("bulk approve and bulk reject with checkboxes", async ({ page }) => {
  const t = await seedTenant("bulk");
  for (const content of ["Fact one for bulk", "Fact two for bulk", "Fact three for bulk"]) {
    expect((await write(t.agent.key, { tier: "knowledge", content })).status).toBe("pending");
  }
  await open(page, "/approvals", t.namespaceId);
  await expect(page.getByRole("heading", { name: "Pending promotions (3)" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Select promotion Fact one for bulk" }).check();
  await page.getByRole("checkbox", { name: "Select promotion Fact two for bulk" }).check();
  await page.getByRole("button", { name: "Approve selected (2)" }).click();
  await expect(page.getByRole("heading", { name: "Pending promotions (1)" })).toBeVisible();

  await page.getByRole("checkbox", { name: "Select all" }).check();
  await expect(page.getByRole("button", { name: "Reject selected (1)" })).toBeDisabled();
  await page.getByLabel("Reason for rejecting selected").fill("duplicate");
  await page.getByRole("button", { name: "Reject selected (1)" }).click();
  await expect(page.getByText("Nothing waits for approval.")).toBeVisible();

  const approved = await rest<unknown[]>("GET", "/promotions?status=approved", t.agent.key);
  expect(approved.body).toHaveLength(2);
});
