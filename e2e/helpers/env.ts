/** Ports and credentials the suite starts its servers with (override by environment). */
export const API_PORT = Number(process.env.E2E_API_PORT ?? 4100);
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3100);
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const CONSOLE_URL = `http://127.0.0.1:${CONSOLE_PORT}`;
export const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? "e2e-admin@example.com";
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-1";
export const AUTH_FILE = new URL("../.auth/admin.json", import.meta.url).pathname;
export const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;

/** The api's log of this suite (appended across runs), scanned for secrets by the log-scan teardown. */
export const API_LOG_FILE = new URL(`../.logs/api-${API_PORT}.log`, import.meta.url).pathname;
