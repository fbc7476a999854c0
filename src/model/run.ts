import type { LogId } from "./logs.js";

export type RunType = "sync" | "scan" | "inventory" | "install" | "execution";
export type RunOutcome = "success" | "failure" | "did-not-end";

/** One run of a program: a sync, a scan, an inventory cycle, a patch-install run, or a program execution. */
export interface Run {
  id: string;
  type: RunType;
  log: LogId;
  /** The file the run's first event is in. */
  file: string;
  /**
   * The file its last event is in, when that is another rollover generation of the log (a run that starts in
   * `X.lo_` and ends in `X.log`); `lastLine` is then a line of this file.
   */
  endFile?: string;
  /** For executions: the program as written. */
  program?: string;
  /** seq of the start event; absent when the run's start is not in the logs. */
  start?: number;
  end?: number;
  startUtc: string | null;
  endUtc: string | null;
  startLocal: string | null;
  endLocal: string | null;
  result: RunOutcome;
  exitCode?: number;
  errors: number;
  warnings: number;
  /** seqs of the run's events, in order. */
  events: number[];
  firstLine: number;
  lastLine: number;
}

/** Exit codes that mean the program did its job: 0, 3010 (restart needed) and 1641 (restart started). */
export const SUCCESS_EXIT: ReadonlySet<number> = new Set([0, 3010, 1641]);

/**
 * A program's identity as the logs name it in different ways (`"C:\...\SyncXML.exe" /s ...`, `syncxml.exe`): the
 * executable's file name, lower case, without quotes, folder or arguments; `""` when there is none.
 */
export function programKey(program: unknown): string {
  if (typeof program !== "string" || !program) return "";
  const base =
    program
      .replace(/^["']|["']$/g, "")
      .split(/[\\/]/)
      .pop() ?? program;
  return base.split(/\s+/)[0].toLowerCase();
}
