import { expect, test } from "@playwright/test";
import { ok, seedTenant } from "../helpers/api";
import { open, screenshot } from "../helpers/ui";

interface AppliedRelations {
  status: "applied";
  relations: { relation: { id: string; type: string }; created: boolean }[];
}

test("graph explorer: search, expand by a hop, and relations valid at a chosen time", async ({ page }) => {
  const t = await seedTenant("graph");
  const key = t.agent.key;
  await ok("POST", "/graph/entities", key, {
    entities: [
      {
        name: "Ada Lovelace",
        type: "person",
        aliases: ["Ada", "Countess of Lovelace"],
        summary: "Wrote the first published algorithm",
        observations: ["Worked with Charles Babbage", "Moved to the Analytical Engine project"],
      },
      { name: "Difference Engine", type: "project", summary: "Babbage's first calculating machine" },
      { name: "Analytical Engine", type: "project", summary: "A general-purpose mechanical computer" },
      { name: "London", type: "city" },
    ],
  });
  const created = await ok<AppliedRelations>("POST", "/graph/relations", key, {
    relations: [
      { from: "Ada Lovelace", to: "Difference Engine", type: "works_on", validFrom: "2020-01-01T00:00:00Z" },
      { from: "Ada Lovelace", to: "London", type: "lives_in", validFrom: "2020-01-01T00:00:00Z" },
      {
        from: "Difference Engine",
        to: "Analytical Engine",
        type: "succeeded_by",
        validFrom: "2020-01-01T00:00:00Z",
      },
    ],
  });
  expect(created.status).toBe("applied");
  const worksOn = created.relations.find((r) => r.relation.type === "works_on")!.relation;

  await open(page, "/graph", t.namespaceId);
  const graph = page.getByTestId("entity-graph");
  // The overview shows the whole namespace.
  await expect(graph.getByRole("button", { name: "London (city)" })).toBeVisible();

  // Search, then open the hit: only that entity is in view.
  await page.getByRole("searchbox", { name: "Search entities" }).fill("lovelace");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page
    .getByRole("list", { name: "Search results" })
    .getByRole("button", { name: "Open Ada Lovelace (person)" })
    .click();
  await expect(graph.getByRole("button", { name: "Ada Lovelace (person)" })).toBeVisible();
  await expect(graph.getByRole("button", { name: "London (city)" })).toHaveCount(0);

  // The side panel describes it.
  const panel = page.getByRole("complementary", { name: "Entity details" });
  await expect(panel.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  await expect(panel).toContainText("person");
  await expect(panel).toContainText("Countess of Lovelace");
  await expect(panel).toContainText("Wrote the first published algorithm");
  await expect(panel.getByRole("list", { name: "Observations" }).getByRole("listitem")).toHaveCount(2);

  // Click the node: one hop brings its neighbours, not the entity two hops away.
  await expect(page.getByLabel("Hops per expansion")).toHaveValue("1");
  await graph.getByRole("button", { name: "Ada Lovelace (person)" }).click();
  await expect(graph.getByRole("button", { name: "Difference Engine (project)" })).toBeVisible();
  await expect(graph.getByRole("button", { name: "London (city)" })).toBeVisible();
  await expect(graph.getByRole("button", { name: "Analytical Engine (project)" })).toHaveCount(0);
  const relationsTable = page.getByRole("table", { name: /Relations in view/ });
  await expect(relationsTable.locator("tbody tr")).toHaveCount(2);
  await expect(graph.locator(".react-flow__edge")).toHaveCount(2);

  // The relation ends now; "valid at" now no longer walks it.
  const invalidated = await ok<{ status: string }>("POST", "/graph/relations/invalidate", key, {
    id: worksOn.id,
  });
  expect(invalidated.status).toBe("applied");
  await page.getByRole("button", { name: "Valid at now" }).click();
  await expect(page.getByRole("status", { name: "Relations valid at" })).toContainText("Relations valid at");
  await expect(relationsTable.locator("tbody tr")).toHaveCount(1);
  await expect(relationsTable).toContainText("lives_in");
  await expect(relationsTable).not.toContainText("works_on");
  await expect(graph.getByRole("button", { name: "Difference Engine (project)" })).toHaveCount(0);
  await expect(graph.locator(".react-flow__edge")).toHaveCount(1);

  // At an earlier instant the relation held: it is back, dashed, with its interval.
  await page.getByLabel("Valid at", { exact: true }).fill("2024-06-01T12:00:00");
  const expiredRow = relationsTable.locator("tbody tr", { hasText: "works_on" });
  await expect(expiredRow).toBeVisible();
  await expect(expiredRow).toHaveAttribute("data-state", "expired");
  await expect(expiredRow).toContainText("2020-01-01 00:00:00");
  const expiredEdge = graph.locator(".react-flow__edge.expired");
  await expect(expiredEdge).toHaveCount(1);
  await expect(expiredEdge).toHaveAttribute(
    "aria-label",
    /Relation Ada Lovelace works_on Difference Engine, expired, valid 2020-01-01 00:00:00 → /,
  );
  await expect(expiredEdge.locator("path.react-flow__edge-path")).toHaveCSS(
    "stroke-dasharray",
    /6(px)?,? 4(px)?/,
  );
  await expect(graph.getByRole("button", { name: "Difference Engine (project)" })).toBeVisible();

  // Expanding the neighbour by a hop reaches the entity two hops from the start.
  await graph.getByRole("button", { name: "Difference Engine (project)" }).click();
  await expect(panel.getByRole("heading", { name: "Difference Engine" })).toBeVisible();
  await expect(graph.getByRole("button", { name: "Analytical Engine (project)" })).toBeVisible();
  await expect(relationsTable.locator("tbody tr")).toHaveCount(3);
  await screenshot(page, "graph");

  // Before any relation began, the start stands alone.
  await page.getByLabel("Valid at", { exact: true }).fill("2019-06-01T12:00:00");
  await expect(relationsTable).toContainText("No relations in view.");
  await expect(graph.locator(".react-flow__edge")).toHaveCount(0);
});
