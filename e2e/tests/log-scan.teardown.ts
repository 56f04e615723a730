import { readFileSync } from "node:fs";
import { expect, test as teardown } from "@playwright/test";
import { ADMIN_PASSWORD, API_LOG_FILE } from "../helpers/env";

/**
 * After the whole suite: the api logged every request at debug level while the tests signed
 * in, made keys, wrote with them and failed on purpose. None of those secrets may be in it.
 */
teardown("the api's log of the whole suite holds no key, password or session token", () => {
  const log = readFileSync(API_LOG_FILE, "utf8");
  expect(log).toContain('"msg":"request"');
  expect(log).toContain('"path":"/api/v1/auth/sign-in"');
  expect(log).not.toContain(ADMIN_PASSWORD);
  // Agent keys are `mk_` + 40 base64url characters; operator passwords made by the helpers start `pw-`.
  expect(log.match(/mk_[A-Za-z0-9_-]{20,}/g) ?? []).toEqual([]);
  expect(log.match(/pw-[0-9a-f-]{36}/g) ?? []).toEqual([]);
  // Session tokens are 43 base64url characters; nothing of that exact shape belongs in a log line.
  expect(log.match(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g) ?? []).toEqual([]);
});
