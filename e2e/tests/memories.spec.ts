import { expect, test } from "@playwright/test";
import { seedTenant, setPolicy, write } from "../helpers/api";
import { open, screenshot } from "../helpers/ui";

const SEED = {
  vector: ["Lighthouse keepers log the fog every hour", "The harbour crane lifts forty tonnes"],
  episodic: ["Lighthouse visitor asked about opening hours", "A ferry arrived late on Tuesday"],
  knowledge: ["The lighthouse was built in 1864", "The harbour is 12 metres deep"],
  skills: ["Restart the lighthouse lamp", "Book a harbour berth"],
} as const;

test("each tier lists its memories and search narrows the table", async ({ page }) => {
  const t = await seedTenant("tiers");
  // Knowledge and skills are gated by default; let this agent write them directly.
  await setPolicy(t.namespaceId, t.agent.id, "knowledge", "shared", "direct");
  await setPolicy(t.namespaceId, t.agent.id, "skills", "shared", "direct");
  for (const [tier, contents] of Object.entries(SEED)) {
    for (const content of contents) {
      const memory: Record<string, unknown> = { tier, content, subject: "port-town" };
      if (tier === "skills") memory.data = { name: content, steps: ["do it"] };
      const result = await write(t.agent.key, memory);
      expect(result.status).toBe("created");
    }
  }

  await open(page, "/memories", t.namespaceId);
  const table = page.getByRole("table", { name: /memories, newest first/ });
  for (const tier of ["vector", "episodic", "knowledge", "skills"] as const) {
    await page.getByRole("tab", { name: new RegExp(`^${tier}$`, "i") }).click();
    await expect(page.getByRole("tab", { name: new RegExp(`^${tier}$`, "i") })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    for (const content of SEED[tier]) await expect(table.getByRole("link", { name: content })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(2);

    // Server-side full-text search: only the lighthouse memory stays.
    await page.getByRole("searchbox", { name: "Search" }).fill("lighthouse");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await expect(table.getByRole("link", { name: SEED[tier][0] })).toBeVisible();
    if (tier === "vector") await screenshot(page, "memories");
    await page.getByRole("button", { name: "Reset" }).click();
    await expect(table.locator("tbody tr")).toHaveCount(2);
  }

  // Filters: a subject nobody has empties the table.
  await page.getByLabel("Subject").fill("someone-else");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table).toContainText("No memories match");
});
