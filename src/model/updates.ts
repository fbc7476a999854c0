import type { Evidence } from "./finding.js";

/**
 * The story of each update on one client: every dated fact the logs give about one update (KB number and/or
 * bulletin), in timeline order, and the state those facts support. Documented in the README ("Updates"); renaming
 * or removing a field bumps the version, adding an optional one does not.
 */
export const UPDATES_SCHEMA = { name: "patchflow.updates", version: 1 } as const;
export const FLEET_UPDATES_SCHEMA = { name: "patchflow.updates.fleet", version: 1 } as const;

/** The states, worst first (the order tables use). */
export const UPDATE_STATES = [
  "install failed",
  "restart pending",
  "never attempted",
  "installed, not yet reported",
  "applicable, no install log",
  "installed, no inventory log",
  "unknown",
  "compliant",
  "not applicable",
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export type StepType = "catalog" | "scan" | "inventoried" | "authorized" | "install" | "restart";
/** How a step went, for colours and markers. */
export type StepOutcome = "ok" | "warning" | "failed" | "info";

export interface UpdateStep {
  step: StepType;
  /** When (the step's main line). */
  utc: string | null;
  local: string | null;
  /** A few words: `Applicable`, `exit 1603`, `catalog 2006-08-08`. */
  label: string;
  /** One sentence. */
  text: string;
  outcome: StepOutcome;
  /** scan: the state the scan reported, how many scans in a row reported it, whether the results reached WMI. */
  scanState?: "applicable" | "installed" | "not applicable";
  scans?: number;
  written?: boolean;
  /** catalog: the catalog's own date. */
  catalogDate?: string;
  /** install: the exit code and what it means. */
  exitCode?: number;
  meaning?: string;
  /** inventoried: the cycle sent a state the client had already left (an install came after the scan it carries). */
  stale?: boolean;
  /** restart: whether the restart happened. */
  done?: boolean;
  evidence: Evidence[];
}

export interface UpdateStory {
  /** The KB number when known, else the bulletin. */
  key: string;
  kb: string | null;
  bulletin: string | null;
  /** Where a log gives it. */
  title: string | null;
  state: UpdateState;
  /** Why: the facts the state rests on, in a sentence. */
  detail: string;
  /** `installed, not yet reported`: the step still missing. */
  missing?: "rescan" | "inventory" | "scan write";
  /** The last install attempt's exit code, if any. */
  lastExitCode?: number;
  /** The lines the state rests on. */
  evidence: Evidence[];
  steps: UpdateStep[];
}

export interface ClientUpdates {
  schema: typeof UPDATES_SCHEMA.name;
  version: typeof UPDATES_SCHEMA.version;
  /** Whether any scan log (ScanWrapper, s_scan, o_scan) was read: without one, every update's scan state is unknown. */
  scanLogs: boolean;
  installLogs: boolean;
  inventoryLogs: boolean;
  updates: UpdateStory[];
}
