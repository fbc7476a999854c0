import { existsSync } from "node:fs";
import * as path from "node:path";
import { InputError, UsageError } from "../model/errors.js";
import type { Severity } from "../model/event.js";
import type { FrameFormat } from "../model/frame.js";
import type { EncodingName, FileStats, InputOptions, LogSelection } from "../model/input.js";
import type { Stage } from "../model/logs.js";
import { safeLine } from "../text/terminal.js";
import { parseAssumedZone } from "../time/time.js";
import { checkFilter, parseWhen, type EventFilter } from "../timeline/filter.js";
import { selector } from "../input/select.js";
import { formatOfFile, OUTPUT_REGISTRIES } from "../output/formats.js";
import type { JobOptions } from "../pipeline/client.js";
import type { UserPatternFile } from "../events/classify.js";

/** How the commands read their arguments: shared by every command's handler (see command.ts). */

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

// Commands load their modules (grammars, catalogs, rules) when they run, so that --help and --version start fast.
export const loadUserPatterns = async (file: string) => (await import("../events/classify.js")).loadUserPatterns(file);

/** Parsed arguments, as yargs hands them to a command. */
export type Raw = Record<string, unknown>;

export function inputOptions(a: Raw): InputOptions & { stdinName?: string } {
  const maxLine = Number(a["max-line-bytes"]);
  if (!Number.isFinite(maxLine) || maxLine < 1024)
    throw new UsageError("--max-line-bytes must be a number of at least 1024");
  return {
    encoding: a.encoding as EncodingName,
    inputFormat: a["input-format"] as FrameFormat | undefined,
    assume: typeof a["assume-tz"] === "string" ? parseAssumedZone(a["assume-tz"]) : undefined,
    maxLineBytes: maxLine,
    stdinName: a["stdin-name"] as string,
    select: logSelection(a),
  };
}

/** `--all-logs`, `--include`, `--exclude`; globs are checked here so that a bad one is a usage error. */
export function logSelection(a: Raw): LogSelection {
  const list = (v: unknown): string[] | undefined =>
    v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String);
  const sel: LogSelection = { allLogs: Boolean(a["all-logs"]), include: list(a.include), exclude: list(a.exclude) };
  selector(sel);
  return sel;
}

export function eventFilter(a: Raw): EventFilter {
  return checkFilter({
    stages: a.stage as Stage[] | undefined,
    logs: a.log as string[] | undefined,
    minSeverity: a.severity as Severity | undefined,
    since: typeof a.since === "string" ? parseWhen("--since", a.since) : undefined,
    until: typeof a.until === "string" ? parseWhen("--until", a.until) : undefined,
    grep: a.grep as string | undefined,
  });
}

export function outputFormat<T extends string>(a: Raw, allowed: readonly T[], tty: T, pipe: T): T {
  const f = a.format as string | undefined;
  if (f === undefined && typeof a.output === "string" && a.output !== "-") {
    const inferred = formatOfFile(a.output, OUTPUT_REGISTRIES);
    if (inferred === undefined) return pipe;
    if (!(allowed as readonly string[]).includes(inferred))
      throw new UsageError(
        `--output ${a.output}: this command does not write ${inferred}; give --format (${allowed.join(", ")})`,
      );
    return inferred as T;
  }
  if (f === undefined) return process.stdout.isTTY ? tty : pipe;
  if (!(allowed as readonly string[]).includes(f))
    throw new UsageError(`--format ${f}: choose one of ${allowed.join(", ")}`);
  return f as T;
}

/** Most threads `--jobs` may ask for: each holds its own heap (tens of MB), so a typo must not exhaust memory. */
export const MAX_JOBS = 64;

/** `--jobs` as given, or the default; a whole number from 1 to MAX_JOBS, or a usage error. */
export function jobs(a: Raw, fallback: number | undefined): number | undefined {
  if (a.jobs === undefined) return fallback;
  const n = Number(a.jobs);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS)
    throw new UsageError(`--jobs ${String(a.jobs)}: give a whole number from 1 to ${MAX_JOBS}`);
  return n;
}

export async function paths(a: Raw): Promise<string[]> {
  const p = (a.paths as string[] | undefined) ?? [];
  if (p.length === 0) {
    if (process.stdin.isTTY) throw new UsageError("no input: give a logs folder or file, or - to read standard input");
    return ["-"];
  }
  return expandPatterns(p.map((x) => windowsPath(String(x))));
}

/**
 * Paths given as glob patterns (`bundles/*.zip`, `clients\*\CCM\Logs`) are expanded here, as Windows' command
 * prompt and PowerShell leave them to the program (a POSIX shell has expanded them already). A path that exists is
 * never read as a pattern; a pattern that matches nothing is a usage error that says so.
 */
export async function expandPatterns(list: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of list) {
    if (p === "-" || existsSync(p) || !/[*?[\]{}]/.test(p)) {
      out.push(p);
      continue;
    }
    const { globby, isDynamicPattern } = await import("globby");
    const pattern = p.replace(/\\/g, "/");
    if (!isDynamicPattern(pattern)) {
      out.push(p);
      continue;
    }
    const found = (
      await globby(pattern, { onlyFiles: false, expandDirectories: false, dot: true, followSymbolicLinks: false })
    ).sort();
    if (found.length === 0) throw new UsageError(`${safeLine(p)}: no file or folder matches this pattern`);
    out.push(...found);
  }
  return out;
}

/** `samples\default` names `samples/default` here: a path written Windows-style is accepted when only that form exists. */
export function windowsPath(p: string): string {
  if (!p.includes("\\") || path.sep === "\\" || existsSync(p)) return p;
  const posix = p.replace(/\\/g, "/");
  return existsSync(posix) ? posix : p;
}

/** `--print-config`: the config in force and the values a run would use. */
export function printConfig(source: string | null, values: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ source, ...values }, null, 2) + "\n");
}

/** Every file failed before a single line could be read: nothing was read, an input error (2) whatever was printed. */
export function failIfNothingRead(stats: FileStats[]): void {
  if (stats.length === 0 || stats.some((s) => !s.error || s.lines > 0)) return;
  throw new InputError(
    `nothing could be read:\n  ${stats.map((s) => `${safeLine(s.file)}: ${safeLine(s.error ?? "")}`).join("\n  ")}`,
  );
}

export function mergeMaxFailed(a: Raw): number {
  const n = Number(a["max-failed-clients"]);
  if (!Number.isInteger(n) || n < 0) throw new UsageError("--max-failed-clients must be a whole number of at least 0");
  return n;
}

/** The reading part of a client job (`diagnose`, `updates`): how each client's logs are read and classified. */
export function readingJob(
  a: Raw,
  input: InputOptions & { stdinName?: string },
  patterns: UserPatternFile | undefined,
): Omit<JobOptions, "keepTimeline" | "diagnose"> {
  return {
    encoding: input.encoding,
    inputFormat: input.inputFormat,
    assumeTz: a["assume-tz"] as string | undefined,
    maxLineBytes: input.maxLineBytes,
    stdinName: input.stdinName,
    select: input.select,
    patterns,
    patternsFile: a.patterns as string | undefined,
  };
}
