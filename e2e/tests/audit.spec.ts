import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { seedTenant, setPolicy, write } from "../helpers/api";
import { open, screenshot } from "../helpers/ui";

test("the audit log filters, shows before/after, verifies the chain and exports a signed checkpoint", async ({
  page,
}) => {
  const t = await seedTenant("audit");
  await write(t.agent.key, { tier: "vector", content: "Audit me please" });
  await setPolicy(t.namespaceId, t.agent.id, "episodic", "shared", "gated");

  await open(page, "/audit", t.namespaceId);
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table).toContainText("policy.set");
  await expect(table).toContainText("memory.create");

  await page.getByLabel("Action").fill("policy.set");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await table.getByRole("button", { name: /Details of event/ }).click();
  const detail = page.getByRole("region", { name: /^Event \d+$/ });
  await expect(detail).toContainText("policy.set");
  await expect(detail.getByLabel("Before and after").locator("ins")).toContainText('"write": "gated"');
  await page.getByRole("button", { name: "Reset" }).click();

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status", { name: "Chain status" })).toHaveText(
    /Chain verified: \d+ events, head seq \d+/,
  );
  await screenshot(page, "audit");

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export signed checkpoint" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^memro-checkpoint-.*\.json$/);
  const checkpoint = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(checkpoint).toMatchObject({ namespaceId: t.namespaceId, algorithm: "ed25519" });
  expect(checkpoint.seq).toBeGreaterThan(1);
});

test("after a tamper in SQL, Verify chain names the first bad seq", async ({ page }) => {
  test.skip(
    !process.env.DATABASE_URL,
    "needs DATABASE_URL: on embedded PGlite the api owns the data directory, so the test cannot reach the rows to tamper with them",
  );
  const t = await seedTenant("tamper");
  await write(t.agent.key, { tier: "vector", content: "first" });
  await write(t.agent.key, { tier: "vector", content: "second" });
  await open(page, "/audit", t.namespaceId);
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status", { name: "Chain status" })).toHaveText(/Chain verified/);

  const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
  try {
    const rows =
      await sql`update audit_events set action = 'forged' where namespace_id = ${t.namespaceId} and seq = 2 returning seq`;
    expect(rows).toHaveLength(1);
  } finally {
    await sql.end();
  }
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status", { name: "Chain status" })).toHaveText(
    "First bad seq 2: event content does not match its hash",
  );
});
