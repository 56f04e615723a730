export {
  type Clearances,
  clearancesFor,
  clearedCondition,
  type Delivered,
  hiddenFieldGuard,
  missingClearances,
  redactForAgent,
  redactMemory,
} from "./clearance.js";
export { eraseSubject, type SubjectErasure } from "./erase-subject.js";
export { type ExportOptions, exportSubject, type SubjectExport } from "./export.js";
export {
  activeHolds,
  assertNotHeld,
  type HoldTarget,
  type LegalHold,
  listHolds,
  matchHold,
  placeHold,
  releaseHold,
  withHoldAudit,
} from "./holds.js";
export { setMemoryLabels } from "./labels.js";
export {
  deliverToAgent,
  listReadAccess,
  type ReadAccessEntry,
  type ReadContext,
  recordReads,
  recordReadsById,
} from "./read-log.js";
export {
  deleteRetentionRule,
  listRetentionRules,
  type RetentionRule,
  type SweepReport,
  setRetentionRule,
  sweepRetention,
} from "./retention.js";
export * from "./schemas.js";
export { ERASED, subjectPseudonym } from "./tombstone.js";
