import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type ApiProcess, startApiProcess } from "./api-process.js";
import { call, must, seedTenant } from "./client.js";

/** Every credential the run handles must never appear in the api's own log lines. */
describe("no secrets in logs", () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApiProcess({ MEMRO_LOG_LEVEL: "debug" });
  });
  afterAll(async () => api?.stop());

  it("keys, passwords and session tokens never reach the log", async () => {
    const tenant = await seedTenant(api.url, ADMIN, 1);
    const key = tenant.agents[0]!.key;
    await must(api.url, "POST", "/memories", key, {
      memory: { tier: "vector", content: "a note written with the key" },
    });
    await call(api.url, "POST", "/auth/sign-in", null, {
      email: ADMIN.email,
      password: "wrong-password-xyz",
    });
    await call(api.url, "POST", "/memories", "mk_not_a_real_key_123456", {
      memory: { tier: "vector", content: "x" },
    });
    const created = await must<{ email: string }>(api.url, "POST", "/operators", tenant.token, {
      email: "viewer@reliability.test",
      role: "viewer",
      password: "viewer-password-12345",
    });
    expect(created.email).toBe("viewer@reliability.test");
    await new Promise((r) => setTimeout(r, 200));
    const logs = api.logs.join("");
    expect(logs).toContain('"path":"/api/v1/memories"');
    for (const secret of [
      key,
      tenant.token,
      ADMIN.password,
      "wrong-password-xyz",
      "mk_not_a_real_key_123456",
      "viewer-password-12345",
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
