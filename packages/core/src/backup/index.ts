export { BACKUP_FORMAT, type BackupProgress, exportNamespace } from "./export.js";
export { importNamespace } from "./import.js";
