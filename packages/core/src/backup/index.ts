export { type BackupProgress, BACKUP_FORMAT, exportNamespace } from "./export.js";
export { importNamespace } from "./import.js";
