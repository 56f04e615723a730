import { openSync, writeSync } from "node:fs";

/** Structured JSON lines, one logger per module; secrets are never passed in. */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;
let threshold: number = LEVELS.info;

let file: number | null = null;

export function setLogLevel(level: LogLevel) {
  threshold = LEVELS[level];
}

/** Also append every line to this file (for log shipping, and for the suite that scans logs for secrets). */
export function setLogFile(path: string | undefined) {
  file = path ? openSync(path, "a") : null;
}

export type Logger = Record<
  Exclude<LogLevel, "silent">,
  (msg: string, fields?: Record<string, unknown>) => void
> & {
  child(fields: Record<string, unknown>): Logger;
};

export function createLogger(module: string, base: Record<string, unknown> = {}): Logger {
  const emit =
    (level: Exclude<LogLevel, "silent">) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS[level] < threshold) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, module, msg, ...base, ...fields });
      (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
      if (file !== null) writeSync(file, `${line}\n`);
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => createLogger(module, { ...base, ...fields }),
  };
}
