import type { Rule } from "./types.js";
import executionProgramFailed from "./execution-program-failed/index.js";
import executionProgramUnscheduled from "./execution-program-unscheduled/index.js";
import executionWaitsForLogon from "./execution-waits-for-logon/index.js";
import executionWrongContext from "./execution-wrong-context/index.js";
import flowInstallNotRescanned from "./flow-install-not-rescanned/index.js";
import flowInstalledStillApplicable from "./flow-installed-still-applicable/index.js";
import flowNoEvidence from "./flow-no-evidence/index.js";
import flowRunDidNotEnd from "./flow-run-did-not-end/index.js";
import flowUnexplainedErrors from "./flow-unexplained-errors/index.js";
import installAnotherInProgress from "./install-another-in-progress/index.js";
import installAuthorizationProblem from "./install-authorization-problem/index.js";
import installNeverRan from "./install-never-ran/index.js";
import installPatchFailed from "./install-patch-failed/index.js";
import installRestartPending from "./install-restart-pending/index.js";
import inventoryCycleFailed from "./inventory-cycle-failed/index.js";
import inventoryEnumerationTimeout from "./inventory-enumeration-timeout/index.js";
import inventoryExceptionAfterCycle from "./inventory-exception-after-cycle/index.js";
import inventoryHinv32Errors from "./inventory-hinv32-errors/index.js";
import inventoryIntervalTooLong from "./inventory-interval-too-long/index.js";
import inventoryNotAfterScan from "./inventory-not-after-scan/index.js";
import inventoryPropertiesTruncated from "./inventory-properties-truncated/index.js";
import scanBeforeSync from "./scan-before-sync/index.js";
import scanCatalogProblem from "./scan-catalog-problem/index.js";
import scanFailed from "./scan-failed/index.js";
import scanNeverRan from "./scan-never-ran/index.js";
import scanResultsNotWritten from "./scan-results-not-written/index.js";
import syncCatalogStale from "./sync-catalog-stale/index.js";
import syncDownloadFailed from "./sync-download-failed/index.js";
import syncDpUpdateFailed from "./sync-dp-update-failed/index.js";
import syncTooOld from "./sync-too-old/index.js";

/** Every rule, sorted by id. A meta test checks each has its folder, README, fixtures and this entry. */
export const RULES: readonly Rule[] = [
  executionProgramFailed,
  executionProgramUnscheduled,
  executionWaitsForLogon,
  executionWrongContext,
  flowInstallNotRescanned,
  flowInstalledStillApplicable,
  flowNoEvidence,
  flowRunDidNotEnd,
  flowUnexplainedErrors,
  installAnotherInProgress,
  installAuthorizationProblem,
  installNeverRan,
  installPatchFailed,
  installRestartPending,
  inventoryCycleFailed,
  inventoryEnumerationTimeout,
  inventoryExceptionAfterCycle,
  inventoryHinv32Errors,
  inventoryIntervalTooLong,
  inventoryNotAfterScan,
  inventoryPropertiesTruncated,
  scanBeforeSync,
  scanCatalogProblem,
  scanFailed,
  scanNeverRan,
  scanResultsNotWritten,
  syncCatalogStale,
  syncDownloadFailed,
  syncDpUpdateFailed,
  syncTooOld,
];
