/** A start-up problem with the database, worded for an operator: one line, no stack. */
export class DatabaseStartError extends Error {
  constructor(
    message: string,
    readonly code: "DB_UNREACHABLE" | "DATA_DIR_UNWRITABLE" | "MIGRATION_FAILED",
  ) {
    super(message);
    this.name = "DatabaseStartError";
  }
}
