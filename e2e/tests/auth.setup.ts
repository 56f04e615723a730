import { test as setup } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, AUTH_FILE } from "../helpers/env";
import { signIn } from "../helpers/ui";

/** Signs the admin in through the console once; the other specs reuse the session. */
setup("sign in as admin", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.context().storageState({ path: AUTH_FILE });
});
