import { createMemroClient } from "@memro/sdk";
import { expect, test } from "@playwright/test";
import { ok, rest, seedTenant, write } from "../helpers/api";
import { API_URL } from "../helpers/env";
import { open, screenshot } from "../helpers/ui";

test("a held checkpoint is released in Approvals, then the run is rolled back from its page", async ({
  page,
}) => {
  const t = await seedTenant("runs");
  const started = await ok<{ run: { id: string } }>("POST", "/runs", t.agent.key, {
    task: "Tidy the customer notes",
  });
  const runId = started.run.id;
  const written = await write(t.agent.key, { tier: "vector", content: "Note written inside the run", runId });
  if (written.status !== "created") throw new Error("expected a direct write");
  const checkpoint = await ok<{ id: string }>("POST", `/runs/${runId}/checkpoints`, t.agent.key, {
    label: "Delete old notes?",
  });

  // The agent blocks on the decision (long-poll through the SDK) while the operator decides.
  const sdk = createMemroClient({ url: API_URL, apiKey: t.agent.key });
  let released = false;
  const waiting = sdk.runs.waitForDecision(checkpoint.id, { timeoutMs: 60_000 }).then((r) => {
    released = true;
    return r;
  });
  await open(page, "/approvals", t.namespaceId);
  const card = page.getByRole("article", { name: "Checkpoint: Delete old notes?" });
  await expect(card).toBeVisible();
  expect(released).toBe(false);
  await card.getByRole("button", { name: "Release" }).click();
  await expect(card).toHaveCount(0);
  const decision = await waiting;
  expect(decision.timedOut).toBe(false);
  expect(decision.checkpoint.status).toBe("approved");
  const decided = await ok<{ status: string }>("GET", `/checkpoints/${checkpoint.id}`, t.agent.key);
  expect(decided.status).toBe("approved");

  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await page.getByRole("link", { name: "Tidy the customer notes" }).click();
  await expect(page.getByRole("heading", { name: "Run: Tidy the customer notes" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Effects to undo (newest first)" })).toContainText(
    "memory.create",
  );
  await page.getByLabel("Reason for rollback").fill("notes were wrong");
  await page.getByRole("button", { name: "Roll back run" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rolled back" })).toBeVisible();

  const memory = await rest<{ status: string }>("GET", `/memories/${written.memory.id}`, t.agent.key);
  expect(memory.body.status).toBe("rolled_back");
  await expect(page.getByText("Already rolled back.")).toBeVisible();
  await screenshot(page, "run");
});
