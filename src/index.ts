/** patchflow as a library: the same steps the CLI runs. */
export { ingest, logGroups, newReport } from "./pipeline/ingest.js";
export { type IngestReport } from "./model/timeline.js";
export { discover } from "./input/discover.js";
export { type LogFile, type Discovery } from "./model/input.js";
export { globRegExp } from "./input/select.js";
export { type LogSelection, type SkippedLog } from "./model/input.js";
export { DEFAULT_INPUT, type InputOptions, type FileStats } from "./model/input.js";
export { buildTimeline } from "./pipeline/timeline.js";
export { type Timeline } from "./model/timeline.js";
export { Classifier, loadUserPatterns } from "./events/classify.js";
export { buildRuns } from "./events/runs.js";
export { type Run } from "./model/run.js";
export { diagnose, type DiagnoseOptions } from "./rules/engine.js";
export { DIAGNOSIS_SCHEMA, type Diagnosis } from "./model/diagnosis.js";
export { RULES } from "./rules/registry.js";
export { diagnosePaths } from "./api.js";
export { diagnoseLogs } from "./pipeline/client.js";
export { clientUpdates } from "./rules/lib/updates.js";
export {
  UPDATES_SCHEMA,
  UPDATE_STATES,
  type ClientUpdates,
  type UpdateStory,
  type UpdateStep,
  type UpdateState,
} from "./model/updates.js";
export { parseAssumedZone } from "./time/time.js";
export type { LogRecord, UnparsedSpan, ParsedItem, RecordTime } from "./model/record.js";
export type { PatchEvent, Severity, EventFields } from "./model/event.js";
export type { Rule } from "./rules/types.js";
export type { Finding, StageSummary } from "./model/finding.js";
export { EVENT_SCHEMA_VERSION } from "./model/event.js";
