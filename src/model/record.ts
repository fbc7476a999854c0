import type { FrameFormat, UnparsedReason } from "./frame.js";

/** Where a UTC time came from. */
export type TimeProvenance = "bias" | "zone-name" | "assumed" | "none";

/** A record's time after zone arithmetic, with its provenance kept. */
export interface RecordTime {
  /** Local wall-clock time as written, ISO 8601 without zone, fraction digits as written. */
  local: string | null;
  /** UTC, ISO 8601 with milliseconds and `Z`; `null` when no trustworthy zone is known or the time is invalid. */
  utc: string | null;
  provenance: TimeProvenance;
  /** Bias in minutes used for UTC = local + bias (written, from the zone name, or assumed). */
  bias?: number;
  /** Zone name as written (provenance `zone-name`) or as given to `--assume-tz` (provenance `assumed`). */
  zone?: string;
  /** The zone name does not say reliably whether daylight saving was in effect; `altBias` is the other reading. */
  dstAmbiguous?: boolean;
  altBias?: number;
  /** The time comes from a lossy source (trace-viewer copy). */
  lowConfidence?: boolean;
}

/** Where a piece of input sits in its file. Lines are 1-based; the byte offset is of the first line's start. */
export interface SourceSpan {
  file: string;
  firstLine: number;
  lastLine: number;
  byteOffset: number;
}

/** One log record, with its place in the original file. */
export interface LogRecord extends SourceSpan {
  kind: "record";
  format: FrameFormat;
  /** The record's physical lines exactly as read (line terminators between them kept). */
  raw: string;
  message: string;
  component: string | null;
  thread: number | null;
  type: number | null;
  context?: string;
  sourceFile?: string;
  time: RecordTime;
  flags: string[];
}

/** A run of lines that is no record, said out loud so that nothing is lost silently. */
export interface UnparsedSpan extends SourceSpan {
  kind: "unparsed";
  reason: UnparsedReason;
  detail: string;
  /** Number of bytes the span covers in the original file. */
  byteLength: number;
  /** The start of the span's text (at most 200 characters), for the message to the user. */
  preview: string;
}

export type ParsedItem = LogRecord | UnparsedSpan;

/** A zone given with `--assume-tz` for logs that carry none. */
export interface AssumedZone {
  label: string;
  /** Bias in minutes for a local wall-clock time given as if it were UTC milliseconds. */
  biasAt(localAsUtcMs: number): number;
}
