#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError, OutputError, UsageError } from "./model/errors.js";
import { formatOption, pick } from "./cli/options.js";
import { closest } from "./text/suggest.js";
import { findConfig } from "./cli/config.js";
import { availableParallelism } from "node:os";
import { checkFilter, parseWhen, type EventFilter } from "./timeline/filter.js";
import type { Severity } from "./model/event.js";
import type { Stage } from "./model/logs.js";
import type { FileStats, InputOptions, EncodingName, LogSelection } from "./model/input.js";
import { safeLine, safeText, terminalWidth } from "./text/terminal.js";
import type { FrameFormat } from "./model/frame.js";
import { parseAssumedZone } from "./time/time.js";
import { parseTimeConvention } from "./time/show.js";
import { DIAGNOSE_FORMATS } from "./output/formats.js";
import { selector } from "./input/select.js";

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
  return checkFilter({
    stages: a.stage as Stage[] | undefined,
    logs: a.log as string[] | undefined,
    minSeverity: a.severity as Severity | undefined,
    since: typeof a.since === "string" ? parseWhen("--since", a.since) : undefined,
    until: typeof a.until === "string" ? parseWhen("--until", a.until) : undefined,
    grep: a.grep as string | undefined,
  });
}

/** Formats an output file's extension names, used when --format is not given. */
const EXTENSION_FORMAT: Record<string, string> = {
  ".html": "html", ".htm": "html", ".sarif": "sarif", ".md": "markdown", ".markdown": "markdown", ".json": "json",
  ".xml": "junit", ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".txt": "table",
};

function outputFormat<T extends string>(a: Raw, allowed: readonly T[], tty: T, pipe: T): T {
  const f = a.format as string | undefined;
  if (f === undefined && typeof a.output === "string" && a.output !== "-") {
    const name = a.output.toLowerCase();
    const inferred = EXTENSION_FORMAT[name.endsWith(".sarif.json") ? ".sarif" : path.extname(name)];
    if (inferred === undefined) return pipe;
    if (!(allowed as readonly string[]).includes(inferred)) throw new UsageError(`--output ${a.output}: this command does not write ${inferred}; give --format (${allowed.join(", ")})`);
    return inferred as T;
  }
  if (f === undefined) return process.stdout.isTTY ? tty : pipe;
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

async function paths(a: Raw): Promise<string[]> {
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
async function expandPatterns(list: string[]): Promise<string[]> {
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
    const found = (await globby(pattern, { onlyFiles: false, expandDirectories: false, dot: true, followSymbolicLinks: false })).sort();
    if (found.length === 0) throw new UsageError(`${safeLine(p)}: no file or folder matches this pattern`);
    out.push(...found);
  }
  return out;
}

/** `samples\default` names `samples/default` here: a path written Windows-style is accepted when only that form exists. */
function windowsPath(p: string): string {
  if (!p.includes("\\") || path.sep === "\\" || existsSync(p)) return p;
  const posix = p.replace(/\\/g, "/");
  return existsSync(posix) ? posix : p;
}

/** The commands a mistyped first word is compared with (a command missing here is still run; only typos go unnoticed). */
const COMMANDS = ["diagnose", "timeline", "parse", "updates", "merge", "rules", "explain", "completion"];

/**
 * The first word is a command, or a path for the default command (diagnose). A word that is no existing path but
 * near a command is refused as a typo of it; any other missing path is reported as such when it is read.
 */
function checkCommand(argv: string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-") || COMMANDS.includes(first)) return;
  if (existsSync(first) || existsSync(first.replace(/\\/g, "/")) || /[*?[\]{}]/.test(first)) return;
  const near = closest(first, COMMANDS);
  if (near) throw new UsageError(`unknown command '${safeText(first)}' (and no file or folder of that name): did you mean '${near}'?`);
}

/** `--print-config`: the config in force and the values a run would use. */
function printConfig(source: string | null, values: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ source, ...values }, null, 2) + "\n");
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
  try {
    checkCommand(argv);
  } catch (err) {
    return report(err);
  }
  const cli: Argv = yargs(argv)
    .scriptName("patchflow")
    .usage("$0 <command> [paths..]\n\nReads SMS 2003 / SMS 2.0 patch-flow logs (a CCM\\Logs folder, files, or - for standard input).")
    .command(
      "parse [paths..]",
      "Read logs into records (one JSON object a line) and say what could not be read",
      (y) =>
        y
          .options(pick("output", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "quiet", "verbose"))
          .option("format", formatOption(["ndjson", "json", "table"], "Default: table on a terminal, else ndjson."))
          .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" })
          .example("$0 parse C:\\Windows\\System32\\CCM\\Logs -o records.ndjson", "Every record of a logs folder, one JSON object a line")
          .example("type ScanWrapper.log | $0 parse - --stdin-name ScanWrapper.log", "One log from standard input"),
      async (a) => {
        const { runParse } = await import("./commands/parse.js");
        const report = await runParse({
          paths: await paths(a),
          format: outputFormat(a, ["ndjson", "json", "table"] as const, "table", "ndjson"),
          output: a.output as string | undefined,
          input: inputOptions(a),
          assumeTz: a["assume-tz"] as string | undefined,
          quiet: Boolean(a.quiet),
          verbose: Boolean(a.verbose),
          workers: jobs(a, undefined),
        });
        failIfNothingRead(report.stats);
      },
    )
    .command(
      "timeline [paths..]",
      "Merge every log's events into one timeline of the client's patch flow",
      (y) =>
        y
          .options(pick("output", "stage", "log", "severity", "since", "until", "grep", "tz", "config", "print-config", "patterns", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "quiet", "verbose"))
          .option("format", formatOption(["table", "ndjson", "json", "csv"], "Default: table on a terminal, else ndjson."))
          .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" })
          .example("$0 timeline samples/default --stage sync --severity warning", "The sync stage's warnings and errors")
          .example("$0 timeline logs --grep \"0x8007(0005|2efd)\" --tz utc", "Events naming either code, times in UTC")
          .example("$0 timeline logs -o events.csv", "Every event as CSV (the format follows the extension)"),
      async (a) => {
        const found = findConfig(a.config as string | undefined);
        const tz = (a.tz as string | undefined) ?? found.config.tz;
        parseTimeConvention(tz);
        if (a["print-config"]) return printConfig(found.source, { config: found.config, tz: tz ?? "local" });
        const { runTimeline } = await import("./commands/timeline.js");
        const tl = await runTimeline({
          paths: await paths(a),
          format: outputFormat(a, ["table", "ndjson", "json", "csv"] as const, "table", "ndjson"),
          output: a.output as string | undefined,
          input: inputOptions(a),
          filter: eventFilter(a),
          patterns: typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined,
          assumeTz: a["assume-tz"] as string | undefined,
          workers: jobs(a, undefined),
          quiet: Boolean(a.quiet),
          verbose: Boolean(a.verbose),
          tz,
        });
        failIfNothingRead(tl.report.stats);
      },
    )
    .command(
      ["diagnose [paths..]", "$0 [paths..]"],
      "Say for each stage (sync, scan, inventory, install) whether it worked, what broke, the evidence and what to do",
      (y) =>
        y
          .options(pick("output", "fail-on", "rule", "config", "print-config", "tz", "now", "fleet", "client", "jobs", "max-failed-clients", "max-sync-age-days", "max-catalog-age-days", "patterns", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "shard", "keep-timeline", "quiet", "verbose"))
          .option("format", formatOption(DIAGNOSE_FORMATS, "Default: table on a terminal, else json. compact: one line a finding."))
          .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" })
          .example("$0 samples/default", "Verdicts, findings, evidence and remedies for one client's logs")
          .example("$0 diagnose \\\\server\\logs -o report.html", "An HTML report (the format follows the extension)")
          .example("$0 diagnose logs --fleet -f compact --fail-on warning", "One line a finding across a fleet, exit 1 on warnings")
          .example("$0 diagnose logs --tz utc --rule sync-too-old=off", "Times in UTC, one rule turned off"),
      async (a) => {
        const { ruleLevels, runDiagnose } = await import("./commands/diagnose.js");
        const { ageDays } = await import("./cli/config.js");
        const found = findConfig(a.config as string | undefined);
        const config = found.config;
        const tz = (a.tz as string | undefined) ?? config.tz;
        parseTimeConvention(tz);
        const failOn = (a["fail-on"] as string | undefined) ?? config?.failOn ?? "error";
        if (!["info", "warning", "error", "never"].includes(failOn)) throw new UsageError(`failOn ${failOn}: choose info, warning, error or never`);
        const levels = ruleLevels(a.rule as string[] | undefined, config?.rules);
        const maxSyncAgeDays = ageDays("--max-sync-age-days", a["max-sync-age-days"]) ?? config?.maxSyncAgeDays;
        const maxCatalogAgeDays = ageDays("--max-catalog-age-days", a["max-catalog-age-days"]) ?? config?.maxCatalogAgeDays;
        if (a["print-config"]) {
          return printConfig(found.source, { config, effective: { failOn, tz: tz ?? "local", rules: levels, maxSyncAgeDays: maxSyncAgeDays ?? 8, maxCatalogAgeDays: maxCatalogAgeDays ?? 45 } });
        }
        if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
        const threads = jobs(a, Math.min(MAX_JOBS, availableParallelism()))!;
        const maxFailed = Number(a["max-failed-clients"]);
        if (!Number.isInteger(maxFailed) || maxFailed < 0) throw new UsageError("--max-failed-clients must be a whole number of at least 0");
        const input = inputOptions(a);
        const format = outputFormat(a, DIAGNOSE_FORMATS, "table", "json");
        const patterns = typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined;
        const r = await runDiagnose({
          paths: await paths(a),
          // A shard's result is JSON, on a terminal too.
          format: a.shard !== undefined && a.format === undefined ? "json" : format,
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
            keepTimeline: format === "html" || Boolean(a["keep-timeline"]),
            diagnose: {
              now: typeof a.now === "string" ? parseWhen("--now", a.now) : undefined,
              levels,
              maxSyncAgeDays,
              maxCatalogAgeDays,
            },
          },
          mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
          jobs: threads,
          failOn: failOn as Severity | "never",
          maxFailedClients: maxFailed,
          quiet: Boolean(a.quiet),
          verbose: Boolean(a.verbose),
          tz,
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
      (y) => y.options(pick("format", "output", "kb", "state", "tz", "fleet", "client", "jobs", "patterns", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "all-logs", "include", "exclude", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { runUpdates, parseStates, parseKbs, UPDATES_FORMATS } = await import("./commands/updates.js");
        const states = parseStates(a.state);
        if (typeof states === "string") throw new UsageError(states);
        if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
        const threads = jobs(a, Math.min(MAX_JOBS, availableParallelism()))!;
        const input = inputOptions(a);
        const patterns = typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined;
        const r = await runUpdates({
          paths: await paths(a),
          format: outputFormat(a, UPDATES_FORMATS, "table", "json"),
          output: a.output as string | undefined,
          job: { encoding: input.encoding, inputFormat: input.inputFormat, assumeTz: a["assume-tz"] as string | undefined, maxLineBytes: input.maxLineBytes, stdinName: input.stdinName, select: input.select, patterns, patternsFile: a.patterns as string | undefined, keepTimeline: false, diagnose: {} },
          mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
          jobs: threads,
          filter: { kb: parseKbs(a.kb), state: states },
          tz: a.tz as string | undefined,
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
          files: await expandPatterns((a.files as string[]).map((f) => windowsPath(String(f)))),
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
      (y) =>
        y
          .option("format", formatOption(["table", "json"], "Default: table."))
          .positional("id", { type: "string", describe: "A rule id" })
          .example("$0 rules", "The rules, their stages and severities")
          .example("$0 rules sync-download-failed", "One rule's documentation"),
      async (a) => {
        const { runRules } = await import("./commands/rules.js");
        const text = runRules(a.id as string | undefined, outputFormat(a, ["table", "json"] as const, "table", "table"));
        const { Out } = await import("./output/write.js");
        const out = await Out.open(undefined);
        await out.write(text);
        await out.close();
      },
    )
    .command(
      "explain [code]",
      "Say what an error or exit code means, its usual cause in the patch flow, where it shows up, and the reference that documents it",
      (y) =>
        y
          .option("format", formatOption(["table", "json"], "Default: table."))
          .positional("code", { type: "string", describe: "Hex (0x80070005, or 80070005 as CMTrace shows it), signed decimal (-2147024891) or decimal (1603)" })
          .example("$0 explain 0x80072EFD", "A WinHTTP error as an HRESULT")
          .example("$0 explain -- -2147024891", "The same code as a signed decimal (after --, so it is not read as an option)")
          .example("$0 explain 1603", "A Windows Installer exit code"),
      async (a) => {
        const { runExplain } = await import("./commands/explain.js");
        // After `--` (so that a negative number is not read as an option) the code lands among the plain arguments.
        const given = a.code ?? (a._ as unknown[]).filter((x) => x !== "explain")[0];
        if (given === undefined) throw new UsageError("explain: give a code, such as 0x80070005, -2147024891 or 1603");
        const r = runExplain(String(given), outputFormat(a, ["table", "json"] as const, "table", "table"), terminalWidth(process.stdout));
        process.stdout.write(r.text);
        code = r.known ? EXIT.ok : EXIT.findings;
      },
    )
    .completion("completion", "Print a shell completion script (bash or zsh): patchflow completion >> ~/.bashrc")
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
    .wrap(Math.min(110, terminalWidth(process.stdout)));
  // yargs would also run the default command on the word "completion"; the script is printed here alone.
  if (argv[0] === "completion" && !argv.slice(1).some((x) => x === "--help" || x === "-h")) {
    cli.showCompletionScript();
    return EXIT.ok;
  }
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
