import type { RecordTime } from "./record.js";
import type { LogId, Stage } from "./logs.js";

/**
 * The one event type every log record becomes. Renaming or removing a field is a deliberate change that bumps
 * EVENT_SCHEMA_VERSION (adding an optional field does not). Documented in the README ("Event schema").
 */
export const EVENT_SCHEMA_VERSION = 1;

export type Severity = "info" | "warning" | "error";
export const SEVERITIES: readonly Severity[] = ["info", "warning", "error"];

/** An error code found in a message, with what it means. */
export interface CodeInfo {
  /** As written: `0x80070005`, `1603`, `#0x5`. */
  code: string;
  /** hresult, win32, msi (Windows Installer exit code), http, exit. */
  system: "hresult" | "win32" | "msi" | "http" | "exit";
  value: number;
  meaning?: string;
  cause?: string;
}

/** Structured fields a message pattern or code extraction found. All optional. */
export interface EventFields {
  kb?: string;
  bulletin?: string;
  packageId?: string;
  advertisementId?: string;
  program?: string;
  exitCode?: number;
  hresult?: string;
  win32?: number;
  httpStatus?: number;
  catalogDate?: string;
  catalog?: string;
  actionGuid?: string;
  action?: string;
  className?: string;
  property?: string;
  path?: string;
  url?: string;
  user?: string;
  context?: string;
  duration?: string;
  reportType?: string;
  count?: number;
  codes?: CodeInfo[];
  [name: string]: unknown;
}

/** What makes a record a failure or warning signal (see "Signal layer" in the README). */
export type SignalBasis = "type" | "prefix" | "code" | "words";

/** A record's own failure or warning signal, whatever its wording: computed for every record. */
export interface EventSignal {
  level: "failure" | "warning";
  /** What says so, strongest first: the record type, a prefix, a failure code, failure or warning words. */
  basis: SignalBasis[];
}

export interface PatchEvent {
  /** Schema version. */
  v: typeof EVENT_SCHEMA_VERSION;
  /** Position in the client's merged timeline (0-based, stable). */
  seq: number;
  time: RecordTime;
  /** The time cannot be placed among other logs' events with confidence (no or assumed zone). */
  timeUncertain: boolean;
  log: LogId;
  stage: Stage;
  /** Dotted, e.g. `scan.started`, `catalog.download.failed`; `<stage>.message` for unrecognized messages. */
  kind: string;
  severity: Severity;
  message: string;
  component: string | null;
  /** When empty, one frozen object shared by many events: replace it rather than add to it. */
  fields: EventFields;
  /** The message-pattern id that recognized it; absent for generic events. */
  pattern?: string;
  /**
   * How the kind was found: `pattern` (an exact message pattern, `pattern` names it) or `inferred` (the tolerant
   * tier: the stage's nouns and verbs with a failure signal or a code). Absent for generic events.
   */
  recognizedBy?: "pattern" | "inferred";
  /** The record's failure or warning signal, when it has one. */
  signal?: EventSignal;
  file: string;
  line: number;
  lastLine: number;
}
