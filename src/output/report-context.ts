import type { Style } from "../text/terminal.js";
import type { TimeConvention } from "../time/show.js";

/** What every output format says of itself (the registries are in formats.ts). */
export interface OutputFormat {
  /** The `--format` name. */
  name: string;
  /** Lower-case endings of an `--output` file name that pick this format when `--format` is not given. */
  extensions: readonly string[];
}

/** How a report is laid out, and where its warnings go. */
export interface ReportContext {
  tz: TimeConvention;
  /** Columns to fit (text reports). */
  width: number;
  style: Style;
  /** A warning about the run itself, printed on standard error after the report. */
  warn(message: string): void;
}
