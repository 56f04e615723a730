import { expect, test } from "@playwright/test";
import { admin, ok, seedTenant, write } from "../helpers/api";
import { open, screenshot } from "../helpers/ui";

test("a promoted memory shows its source and its promotion", async ({ page }) => {
  const t = await seedTenant("lineage");
  const source = await write(t.agent.key, {
    tier: "episodic",
    content: "The customer said she moved to Porto in March",
  });
  if (source.status !== "created") throw new Error("source write was not direct");
  const proposal = await ok<{ id: string }>("POST", "/promotions", t.agent.key, {
    sourceMemoryIds: [source.memory.id],
    targetTier: "knowledge",
    proposed: { content: "The customer lives in Porto", subject: "customer-1" },
    reason: "stated twice",
  });
  const decided = await ok<{ resultMemoryId: string }>(
    "POST",
    `/promotions/${proposal.id}/approve`,
    await admin(),
    {},
  );

  await open(page, `/memories/${decided.resultMemoryId}`, t.namespaceId);
  await expect(page.getByRole("heading", { name: /knowledge/ })).toBeVisible();
  await expect(page.locator(".memory-content").first()).toHaveText("The customer lives in Porto");
  await expect(page.getByRole("list", { name: "Sources" })).toContainText(
    "The customer said she moved to Porto in March",
  );
  await expect(page.getByRole("list", { name: "Promotions" })).toContainText(
    /approved \(proposal\), proposed by agent-/,
  );

  const graph = page.getByTestId("lineage-graph");
  await expect(graph.getByText(/^Source \(episodic\): The customer said/)).toBeVisible();
  await expect(graph.getByText(/^Promotion approved/)).toBeVisible();
  await expect(graph.getByText(/^Memory v1 \(knowledge\)/)).toBeVisible();
  await expect(graph.locator(".react-flow__edge")).toHaveCount(2);

  const trail = page.getByRole("table", { name: "Audit trail" });
  await expect(trail).toContainText("promotion.propose");
  await expect(trail).toContainText("promotion.approve");
  await expect(trail).toContainText("memory.create");

  // The source links back to its own page.
  await page.getByRole("list", { name: "Sources" }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: /episodic/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("lineage-graph")).toBeVisible();
  await screenshot(page, "memory-detail");
});
