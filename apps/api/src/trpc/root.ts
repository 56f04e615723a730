import { router } from "./init.js";
import { adminRouter } from "./routers/admin.js";
import { auditRouter } from "./routers/audit.js";
import { authRouter } from "./routers/auth.js";
import { graphRouter } from "./routers/graph.js";
import { memoriesRouter } from "./routers/memories.js";
import { overviewRouter } from "./routers/overview.js";
import { promotionsRouter } from "./routers/promotions.js";
import { runsRouter } from "./routers/runs.js";

export const appRouter = router({
  auth: authRouter,
  memories: memoriesRouter,
  promotions: promotionsRouter,
  audit: auditRouter,
  admin: adminRouter,
  overview: overviewRouter,
  runs: runsRouter,
  graph: graphRouter,
});

export type AppRouter = typeof appRouter;
