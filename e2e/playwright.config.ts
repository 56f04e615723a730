import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { defineConfig } from "@playwright/test";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  API_LOG_FILE,
  API_PORT,
  API_URL,
  AUTH_FILE,
  CONSOLE_PORT,
  CONSOLE_URL,
} from "./helpers/env";

// One fresh data directory per run; workers load this file too and inherit the variable.
process.env.MEMRO_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "memro-e2e-"));

mkdirSync(dirname(API_LOG_FILE), { recursive: true });

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  // test-all reads the JSON report from PLAYWRIGHT_JSON_OUTPUT_NAME when it sets it.
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/results.json" }],
  ],
  outputDir: "test-results/artifacts",
  use: {
    baseURL: CONSOLE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/, teardown: "log-scan" },
    { name: "log-scan", testMatch: /log-scan\.teardown\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { storageState: AUTH_FILE } },
  ],
  webServer: [
    {
      name: "api",
      command: "node --max-semi-space-size=64 ../apps/api/dist/main.js",
      url: `${API_URL}/healthz`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(API_PORT),
        HOST: "127.0.0.1",
        MEMRO_DATA_DIR: process.env.MEMRO_E2E_DATA_DIR,
        MEMRO_ADMIN_EMAIL: ADMIN_EMAIL,
        MEMRO_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // Every line at debug level, to a file the log-scan teardown reads for leaked secrets.
        MEMRO_LOG_LEVEL: "debug",
        MEMRO_LOG_FILE: API_LOG_FILE,
        // Passed through when set: the same suite then runs on PostgreSQL.
        DATABASE_URL: process.env.DATABASE_URL ?? "",
      },
    },
    {
      name: "console",
      command: `node node_modules/next/dist/bin/next start -p ${CONSOLE_PORT} -H 127.0.0.1`,
      cwd: "../apps/console",
      url: `${CONSOLE_URL}/sign-in`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { MEMRO_API_URL: API_URL, NEXT_TELEMETRY_DISABLED: "1" },
    },
  ],
});
