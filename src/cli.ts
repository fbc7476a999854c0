#!/usr/bin/env node
import { readFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError, OutputError, UsageError } from "./errors.js";
import { pick } from "./cli/options.js";
import { availableParallelism } from "node:os";
import { parseWhen, type EventFilter } from "./timeline/filter.js";
import type { Severity } from "./model/event.js";
import type { Stage } from "./model/logs.js";
import type { FileStats, InputOptions } from "./input/read.js";
import { safeLine, safeText } from "./output/terminal.js";
import type { EncodingName } from "./input/decode.js";
import type { FrameFormat } from "./model/frame.js";
import { parseAssumedZone } from "./time/time.js";
import { DIAGNOSE_FORMATS } from "./cli/formats.js";
import { selector, type LogSelection } from "./input/select.js";

// Commands load their modules (grammars, catalogs, rules) when they run, so that --help and --version start fast.
const loadUserPatterns = async (file: string) => (await import("./events/classify.js")).loadUserPatterns(file);

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

type Raw = Record<string, unknown>;

function inputOptions(a: Raw): InputOptions & { stdinName?: string } {
  const maxLine = Number(a["max-line-bytes"]);
  if (!Number.isFinite(maxLine) || maxLine < 1024) throw new UsageError("--max-line-bytes must be a number of at least 1024");
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
function logSelection(a: Raw): LogSelection {
  const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String));
  const sel: LogSelection = { allLogs: Boolean(a["all-logs"]), include: list(a.include), exclude: list(a.exclude) };
  selector(sel);
  return sel;
}

function eventFilter(a: Raw): EventFilter {
  return {
    stages: a.stage as Stage[] | undefined,
    logs: a.log as string[] | undefined,
    minSeverity: a.severity as Severity | undefined,
    since: typeof a.since === "string" ? parseWhen("--since", a.since) : undefined,
    until: typeof a.until === "string" ? parseWhen("--until", a.until) : undefined,
    grep: a.grep as string | undefined,
  };
}

function outputFormat<T extends string>(a: Raw, allowed: readonly T[], tty: T, pipe: T): T {
  const f = a.format as string | undefined;
  if (f === undefined) return a.output ? pipe : process.stdout.isTTY ? tty : pipe;
  if (!(allowed as readonly string[]).includes(f)) throw new UsageError(`--format ${f}: choose one of ${allowed.join(", ")}`);
  return f as T;
}

/** Most threads `--jobs` may ask for: each holds its own heap (tens of MB), so a typo must not exhaust memory. */
export const MAX_JOBS = 64;

/** `--jobs` as given, or the default; a whole number from 1 to MAX_JOBS, or a usage error. */
function jobs(a: Raw, fallback: number | undefined): number | undefined {
  if (a.jobs === undefined) return fallback;
  const n = Number(a.jobs);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`--jobs ${String(a.jobs)}: give a whole number from 1 to ${MAX_JOBS}`);
  return n;
}

function paths(a: Raw): string[] {
  const p = (a.paths as string[] | undefined) ?? [];
  if (p.length === 0) {
    if (process.stdin.isTTY) throw new UsageError("no input: give a logs folder or file, or - to read standard input");
    return ["-"];
  }
  return p.map(String);
}

/** Every file failed before a single line could be read: nothing was read, an input error (2) whatever was printed. */
function failIfNothingRead(stats: FileStats[]): void {
  if (stats.length === 0 || stats.some((s) => !s.error || s.lines > 0)) return;
  throw new InputError(`nothing could be read:\n  ${stats.map((s) => `${safeLine(s.file)}: ${safeLine(s.error ?? "")}`).join("\n  ")}`);
}

function mergeMaxFailed(a: Raw): number {
  const n = Number(a["max-failed-clients"]);
  if (!Number.isInteger(n) || n < 0) throw new UsageError("--max-failed-clients must be a whole number of at least 0");
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const cli: Argv = yargs(argv)
    .scriptName("patchflow")
    .usage("$0 <command> [paths..]\n\nReads SMS 2003 / SMS 2.0 patch-flow logs (a CCM\\Logs folder, files, or - for standard input).")
    .command(
      "parse [paths..]",
      "Read logs into records (one JSON object a line) and say what could not be read",
      (y) => y.options(pick("format", "output", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { runParse } = await import("./commands/parse.js");
        const report = await runParse({
          paths: paths(a),
          format: outputFormat(a, ["ndjson", "json", "table"] as const, "table", "ndjson"),
          output: a.output as string | undefined,
          input: inputOptions(a),
          assumeTz: a["assume-tz"] as string | undefined,
          quiet: Boolean(a.quiet),
          workers: jobs(a, undefined),
        });
        failIfNothingRead(report.stats);
      },
    )
    .command(
      "timeline [paths..]",
      "Merge every log's events into one timeline of the client's patch flow",
      (y) => y.options(pick("format", "output", "stage", "log", "severity", "since", "until", "grep", "patterns", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { runTimeline } = await import("./commands/timeline.js");
        const tl = await runTimeline({
          paths: paths(a),
          format: outputFormat(a, ["table", "ndjson", "json", "csv"] as const, "table", "ndjson"),
          output: a.output as string | undefined,
          input: inputOptions(a),
          filter: eventFilter(a),
          patterns: typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined,
          assumeTz: a["assume-tz"] as string | undefined,
          workers: jobs(a, undefined),
          quiet: Boolean(a.quiet),
        });
        failIfNothingRead(tl.report.stats);
      },
    )
    .command(
      ["diagnose [paths..]", "$0 [paths..]"],
      "Say for each stage (sync, scan, inventory, install) whether it worked, what broke, the evidence and what to do",
      (y) => y.options(pick("format", "output", "fail-on", "rule", "config", "now", "fleet", "client", "jobs", "max-failed-clients", "max-sync-age-days", "max-catalog-age-days", "patterns", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "shard", "keep-timeline", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { ageDays, loadConfig, ruleLevels, runDiagnose } = await import("./commands/diagnose.js");
        const config = typeof a.config === "string" ? loadConfig(a.config) : undefined;
        const failOn = (a["fail-on"] as string | undefined) ?? config?.failOn ?? "error";
        if (!["info", "warning", "error", "never"].includes(failOn)) throw new UsageError(`failOn ${failOn}: choose info, warning, error or never`);
        if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
        const threads = jobs(a, Math.min(MAX_JOBS, availableParallelism()))!;
        const maxFailed = Number(a["max-failed-clients"]);
        if (!Number.isInteger(maxFailed) || maxFailed < 0) throw new UsageError("--max-failed-clients must be a whole number of at least 0");
        const input = inputOptions(a);
        const patterns = typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined;
        const r = await runDiagnose({
          paths: paths(a),
          // A shard's result is JSON, on a terminal too.
          format: a.shard !== undefined && a.format === undefined ? "json" : outputFormat(a, DIAGNOSE_FORMATS, "table", "json"),
          output: a.output as string | undefined,
          job: {
            encoding: input.encoding,
            inputFormat: input.inputFormat,
            assumeTz: a["assume-tz"] as string | undefined,
            maxLineBytes: input.maxLineBytes,
            stdinName: input.stdinName,
            patterns,
            select: input.select,
            patternsFile: a.patterns as string | undefined,
            keepTimeline: a.format === "html" || Boolean(a["keep-timeline"]),
            diagnose: {
              now: typeof a.now === "string" ? parseWhen("--now", a.now) : undefined,
              levels: ruleLevels(a.rule as string[] | undefined, config?.rules),
              maxSyncAgeDays: ageDays("--max-sync-age-days", a["max-sync-age-days"]) ?? config?.maxSyncAgeDays,
              maxCatalogAgeDays: ageDays("--max-catalog-age-days", a["max-catalog-age-days"]) ?? config?.maxCatalogAgeDays,
            },
          },
          mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
          jobs: threads,
          failOn: failOn as Severity | "never",
          maxFailedClients: maxFailed,
          quiet: Boolean(a.quiet),
          progress: true,
          shard: typeof a.shard === "string" ? (await import("./fleet/shard.js")).parseShard(a.shard) : undefined,
        });
        code = r.code;
        if (!r.result.fleet) failIfNothingRead(r.result.clients[0]?.files ?? []);
      },
    )
    .command(
      "updates [paths..]",
      "Follow each update (KB number, bulletin) through scan, inventory, install and restart: its chain of dated facts and its state per client",
      (y) => y.options(pick("format", "output", "kb", "state", "fleet", "client", "jobs", "patterns", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { runUpdates, parseStates, parseKbs, UPDATES_FORMATS } = await import("./commands/updates.js");
        const states = parseStates(a.state);
        if (typeof states === "string") throw new UsageError(states);
        if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
        const jobs = a.jobs === undefined ? availableParallelism() : Number(a.jobs);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError("--jobs must be a whole number of at least 1");
        const input = inputOptions(a);
        if (typeof a.patterns === "string") await loadUserPatterns(a.patterns);
        const r = await runUpdates({
          paths: paths(a),
          format: outputFormat(a, UPDATES_FORMATS, "table", "json"),
          output: a.output as string | undefined,
          job: { encoding: input.encoding, inputFormat: input.inputFormat, assumeTz: a["assume-tz"] as string | undefined, maxLineBytes: input.maxLineBytes, stdinName: input.stdinName, patternsFile: a.patterns as string | undefined, keepTimeline: false, diagnose: {} },
          mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
          jobs,
          filter: { kb: parseKbs(a.kb), state: states },
          quiet: Boolean(a.quiet),
        });
        if (!r.fleet) failIfNothingRead(r.clients[0]?.files ?? []);
      },
    )
    .command(
      "merge <files..>",
      "Merge shard results (diagnose --shard i/n --format json) into the fleet report one machine would have written",
      (y) => y.options(pick("format", "output", "fail-on", "max-failed-clients", "quiet")).positional("files", { type: "string", array: true, describe: "Shard result files" }),
      async (a) => {
        const { runMerge } = await import("./commands/diagnose.js");
        const r = await runMerge({
          files: (a.files as string[]).map(String),
          format: outputFormat(a, DIAGNOSE_FORMATS, "table", "json"),
          output: a.output as string | undefined,
          failOn: ((a["fail-on"] as string | undefined) ?? "error") as Severity | "never",
          maxFailedClients: mergeMaxFailed(a),
          quiet: Boolean(a.quiet),
        });
        code = r.code;
      },
    )
    .command(
      "rules [id]",
      "List the rules, or show one rule's documentation",
      (y) => y.options(pick("format")).positional("id", { type: "string", describe: "A rule id" }),
      async (a) => {
        const { runRules } = await import("./commands/rules.js");
        const text = runRules(a.id as string | undefined, outputFormat(a, ["table", "json"] as const, "table", "table"));
        const { Out } = await import("./output/write.js");
        const out = await Out.open(undefined);
        await out.write(text);
        await out.close();
      },
    )
    .strict()
    .version(VERSION)
    .help()
    .alias("h", "help")
    .epilogue("Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage or input error.")
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    })
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100));
  try {
    await cli.parseAsync();
  } catch (err) {
    code = report(err);
  }
  return code;
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`patchflow: ${safeText(err.message)}\nRun 'patchflow --help' for usage.\n`);
    return EXIT.error;
  }
  if (err instanceof InputError || err instanceof OutputError) {
    // Messages quote names from the input (paths, archive entries, a library's words about them): nothing raw gets out.
    process.stderr.write(`patchflow: ${safeText(err.message)}\n`);
    return EXIT.error;
  }
  const e = err as Error;
  process.stderr.write(`patchflow: internal error (version ${VERSION}). Please report it with the command you ran.\n${safeText(e?.stack ?? String(err))}\n`);
  return EXIT.error;
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
