/** patchflow as a library: the same steps the CLI runs. */
export { ingest, newReport, type IngestReport } from "./ingest.js";
export { discover, type LogFile, type Discovery } from "./input/discover.js";
export { globRegExp, type LogSelection, type SkippedLog } from "./input/select.js";
export { DEFAULT_INPUT, type InputOptions, type FileStats } from "./input/read.js";
export { buildTimeline, type Timeline } from "./timeline/timeline.js";
export { Classifier, loadUserPatterns } from "./events/classify.js";
export { buildRuns, type Run } from "./events/runs.js";
export { diagnose, DIAGNOSIS_SCHEMA, type Diagnosis, type DiagnoseOptions } from "./rules/engine.js";
export { RULES } from "./rules/registry.js";
export { diagnosePaths } from "./api.js";
export { clientUpdates, UPDATES_SCHEMA, UPDATE_STATES, type ClientUpdates, type UpdateStory, type UpdateStep, type UpdateState } from "./updates/model.js";
export { parseAssumedZone } from "./time/time.js";
export type { LogRecord, UnparsedSpan, ParsedItem, RecordTime } from "./model/record.js";
export type { PatchEvent, Severity, EventFields } from "./model/event.js";
export type { Finding, Rule, StageSummary } from "./rules/types.js";
export { EVENT_SCHEMA_VERSION } from "./model/event.js";
