import type { Readable } from "node:stream";
import type { LogId, Stage } from "./logs.js";
import type { FrameFormat, UnparsedReason } from "./frame.js";
import type { AssumedZone } from "./record.js";

/** Encodings the reader understands; `auto` sniffs. */
export type EncodingName = "auto" | "utf8" | "utf16le" | "utf16be" | "windows-1252";

/**
 * Which logs found in a folder or archive are read. Logs that a stage of the patch flow uses are always read
 * (unless excluded); the others (CAS, PolicyAgent, LocationServices, ... in a CCM\Logs folder) are only listed,
 * unless `allLogs` is set or an `include` glob names them. `exclude` globs drop any log, listed or read.
 */
export interface LogSelection {
  allLogs?: boolean;
  include?: string[];
  exclude?: string[];
}

/** A log found but not read, with its size in bytes. */
export interface SkippedLog {
  file: string;
  bytes: number;
}

/** One file to read, or standard input (`path` "-"). */
export interface LogFile {
  /** Path used to open it. */
  path: string;
  /** Path shown in output: relative to the root it was found under, `/`-separated. */
  display: string;
  log: LogId;
  stage: Stage;
  /** Rollover group: files of one log in one folder share it. */
  group: string;
  /** `lo_` generations are older than `log`. */
  generation: "current" | "rolled";
  /** How to read it when it is not a plain file (an archive entry). */
  open?: () => Promise<Readable>;
}

/** What to read: a path (folder, file, `.zip`, or `-`), or the part of an archive under a folder prefix. */
export type InputSpec = string | { archive: string; prefix: string };

export interface Discovery {
  files: LogFile[];
  /** Things the user should know about: paths that could not be read, links skipped. */
  warnings: string[];
  /** Paths given that do not exist or cannot be read at all. */
  missing: string[];
  /** Logs found in folders and archives that no stage uses: listed, not read (see LogSelection). */
  skipped: SkippedLog[];
  /** Logs an `--exclude` glob dropped. */
  excluded: number;
  /** Releases open archives. */
  dispose(): void;
}

export interface InputOptions {
  encoding: EncodingName;
  inputFormat?: FrameFormat;
  assume?: AssumedZone;
  maxLineBytes: number;
  maxRecordChars?: number;
  /** Where `-` reads from (tests pass a stream). */
  stdin?: Readable;
  /** Which logs found in folders and archives are read (default: those a stage uses). */
  select?: LogSelection;
}

export const DEFAULT_INPUT: InputOptions = { encoding: "auto", maxLineBytes: 1024 * 1024 };

/** What reading one file gave: checkable counts (lines = record lines + unparsed lines). */
export interface FileStats {
  file: string;
  log: LogFile["log"];
  stage: LogFile["stage"];
  encoding: string;
  bytes: number;
  lines: number;
  records: number;
  recordsByFormat: Record<FrameFormat, number>;
  unparsed: Partial<Record<UnparsedReason, { spans: number; lines: number }>>;
  /** Why the file could not be read (completely or from some point on). */
  error?: string;
}
