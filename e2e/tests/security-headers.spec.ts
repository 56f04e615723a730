import { expect, test } from "@playwright/test";

const EXPECTED = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function checkHeaders(headers: Record<string, string>) {
  for (const [name, value] of Object.entries(EXPECTED)) expect(headers[name], name).toBe(value);
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toMatch(/https?:/);
  expect(headers["permissions-policy"]).toContain("camera=()");
}

test("console pages carry the security headers, and the CSP does not break them", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });

  const signIn = await page.request.get("/sign-in");
  checkHeaders(signIn.headers());

  const res = await page.goto("/graph");
  expect(res?.status()).toBe(200);
  checkHeaders(res!.headers());
  await expect(page.getByRole("heading", { name: "Graph" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search entities" })).toBeVisible();

  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect(violations).toEqual([]);
});
