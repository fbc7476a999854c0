import type { Discovery, FileStats } from "./input.js";
import type { PatchEvent } from "./event.js";
import type { Run } from "./run.js";
import type { LogId } from "./logs.js";
import type { ParsedItem } from "./record.js";

/** The outcome of reading inputs, filled while the items stream. */
export interface IngestReport {
  discovery: Discovery;
  stats: FileStats[];
}

/** One client's merged events and runs, with what reading gave. */
export interface Timeline {
  events: PatchEvent[];
  runs: Run[];
  report: IngestReport;
  /** Per log: records a pattern recognized, and records no pattern recognized (generic or inferred events). */
  recognition: Array<{ log: LogId; recognized: number; unrecognized: number }>;
  /** Unparsed spans, in file order, for the output to point at. */
  unparsed: Array<Extract<ParsedItem, { kind: "unparsed" }>>;
  /** Files that speak for a patch-flow log (by name, or by their records' component). */
  flowLogs: string[];
  /** Files that are not a recognized log: no record in a known line format, and no known log name. */
  notLogs: string[];
}
