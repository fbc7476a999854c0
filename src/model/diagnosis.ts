import type { Severity } from "./event.js";
import type { Finding, StageSummary } from "./finding.js";

export const DIAGNOSIS_SCHEMA = { name: "patchflow.diagnosis", version: 1 } as const;

/** One client's diagnosis: a verdict per stage and the findings, each citing its evidence. */
export interface Diagnosis {
  schema: typeof DIAGNOSIS_SCHEMA.name;
  version: typeof DIAGNOSIS_SCHEMA.version;
  /** The reference time used, ISO; null when the logs carry no time at all. */
  now: string | null;
  nowSource: "option" | "newest-event" | "none";
  stages: StageSummary[];
  findings: Finding[];
  counts: Record<Severity, number>;
}
