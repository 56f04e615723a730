import { resolve } from "node:path";
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

/** Every setting the api reads; nothing else in the app touches process.env. */
export const envSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  MEMRO_DATA_DIR: z.string().min(1).default("./.memro"),
  MEMRO_ADMIN_EMAIL: z.email().optional(),
  MEMRO_ADMIN_PASSWORD: z.string().min(12, "at least 12 characters").optional(),
  MEMRO_EMBEDDINGS: z.enum(["minilm", "use-lite", "openai"]).default("minilm"),
  MEMRO_EMBEDDING_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  MEMRO_OPENAI_BASE_URL: z.url().optional(),
  MEMRO_OPENAI_MODEL: z.string().optional(),
  MEMRO_OPENAI_API_KEY: z.string().optional(),
  MEMRO_SIGNING_KEY_FILE: z.string().optional(),
  MEMRO_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  MEMRO_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  MEMRO_LOG_FILE: z.string().min(1).optional(),
  MEMRO_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  MEMRO_COOKIE_SECURE: z.stringbool().default(false),
});
export type Env = z.infer<typeof envSchema> & { dataDir: string; signingKeyFile: string };

export class EnvError extends Error {}

/** Parses the environment; a wrong value stops the start with one line naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as in most tools.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`configuration error: ${issue.path.join(".")}: ${issue.message}`);
  }
  const env = result.data;
  if (env.MEMRO_EMBEDDINGS === "openai" && (!env.MEMRO_OPENAI_BASE_URL || !env.MEMRO_OPENAI_MODEL)) {
    throw new EnvError(
      "configuration error: MEMRO_OPENAI_BASE_URL and MEMRO_OPENAI_MODEL are required when MEMRO_EMBEDDINGS=openai",
    );
  }
  const dataDir = resolve(env.MEMRO_DATA_DIR);
  return {
    ...env,
    dataDir,
    signingKeyFile: env.MEMRO_SIGNING_KEY_FILE ?? resolve(dataDir, "audit-signing-key.pem"),
  };
}
