#!/usr/bin/env node
import { readFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { InputError, UsageError } from "./errors.js";
import { pick } from "./cli/options.js";
import { availableParallelism } from "node:os";
import { parseWhen, type EventFilter } from "./timeline/filter.js";
import type { Severity } from "./model/event.js";
import type { Stage } from "./model/logs.js";
import type { FileStats, InputOptions } from "./input/read.js";
import { safeText } from "./output/terminal.js";
import type { EncodingName } from "./input/decode.js";
import type { FrameFormat } from "./model/frame.js";
import { parseAssumedZone } from "./time/time.js";
import { DIAGNOSE_FORMATS } from "./cli/formats.js";

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
  };
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
  throw new InputError(`nothing could be read:\n  ${stats.map((s) => `${safeText(s.file)}: ${s.error}`).join("\n  ")}`);
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const cli: Argv = yargs(argv)
    .scriptName("patchflow")
    .usage("$0 <command> [paths..]\n\nReads SMS 2003 / SMS 2.0 patch-flow logs (a CCM\\Logs folder, files, or - for standard input).")
    .command(
      "parse [paths..]",
      "Read logs into records (one JSON object a line) and say what could not be read",
      (y) => y.options(pick("format", "output", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { runParse } = await import("./commands/parse.js");
        const report = await runParse({
          paths: paths(a),
          format: outputFormat(a, ["ndjson", "json", "table"] as const, "table", "ndjson"),
          output: a.output as string | undefined,
          input: inputOptions(a),
          assumeTz: a["assume-tz"] as string | undefined,
          quiet: Boolean(a.quiet),
          workers: a.jobs === undefined ? undefined : Math.max(1, Math.floor(Number(a.jobs)) || 1),
        });
        failIfNothingRead(report.stats);
      },
    )
    .command(
      "timeline [paths..]",
      "Merge every log's events into one timeline of the client's patch flow",
      (y) => y.options(pick("format", "output", "stage", "log", "severity", "since", "until", "grep", "patterns", "jobs", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
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
          workers: a.jobs === undefined ? undefined : Math.max(1, Math.floor(Number(a.jobs)) || 1),
          quiet: Boolean(a.quiet),
        });
        failIfNothingRead(tl.report.stats);
      },
    )
    .command(
      ["diagnose [paths..]", "$0 [paths..]"],
      "Say for each stage (sync, scan, inventory, install) whether it worked, what broke, the evidence and what to do",
      (y) => y.options(pick("format", "output", "fail-on", "rule", "config", "now", "fleet", "client", "jobs", "max-failed-clients", "max-sync-age-days", "max-catalog-age-days", "patterns", "encoding", "input-format", "assume-tz", "stdin-name", "max-line-bytes", "quiet")).positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
      async (a) => {
        const { loadConfig, ruleLevels, runDiagnose } = await import("./commands/diagnose.js");
        const config = typeof a.config === "string" ? loadConfig(a.config) : undefined;
        const failOn = (a["fail-on"] as string | undefined) ?? config?.failOn ?? "error";
        if (!["info", "warning", "error", "never"].includes(failOn)) throw new UsageError(`failOn ${failOn}: choose info, warning, error or never`);
        if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
        const jobs = a.jobs === undefined ? availableParallelism() : Number(a.jobs);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError("--jobs must be a whole number of at least 1");
        const maxFailed = Number(a["max-failed-clients"]);
        if (!Number.isInteger(maxFailed) || maxFailed < 0) throw new UsageError("--max-failed-clients must be a whole number of at least 0");
        const input = inputOptions(a);
        const patterns = typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined;
        const r = await runDiagnose({
          paths: paths(a),
          format: outputFormat(a, DIAGNOSE_FORMATS, "table", "json"),
          output: a.output as string | undefined,
          job: {
            encoding: input.encoding,
            inputFormat: input.inputFormat,
            assumeTz: a["assume-tz"] as string | undefined,
            maxLineBytes: input.maxLineBytes,
            stdinName: input.stdinName,
            patterns,
            patternsFile: a.patterns as string | undefined,
            keepTimeline: a.format === "html",
            diagnose: {
              now: typeof a.now === "string" ? parseWhen("--now", a.now) : undefined,
              levels: ruleLevels(a.rule as string[] | undefined, config?.rules),
              maxSyncAgeDays: (a["max-sync-age-days"] as number | undefined) ?? config?.maxSyncAgeDays,
              maxCatalogAgeDays: (a["max-catalog-age-days"] as number | undefined) ?? config?.maxCatalogAgeDays,
            },
          },
          mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
          jobs,
          failOn: failOn as Severity | "never",
          maxFailedClients: maxFailed,
          quiet: Boolean(a.quiet),
          progress: true,
        });
        code = r.code;
        if (!r.result.fleet) failIfNothingRead(r.result.clients[0]?.files ?? []);
      },
    )
    .command(
      "rules [id]",
      "List the rules, or show one rule's documentation",
      (y) => y.options(pick("format")).positional("id", { type: "string", describe: "A rule id" }),
      async (a) => {
        const { runRules } = await import("./commands/rules.js");
        process.stdout.write(runRules(a.id as string | undefined, outputFormat(a, ["table", "json"] as const, "table", "table")));
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
    process.stderr.write(`patchflow: ${err.message}\nRun 'patchflow --help' for usage.\n`);
    return EXIT.error;
  }
  if (err instanceof InputError) {
    process.stderr.write(`patchflow: ${err.message}\n`);
    return EXIT.error;
  }
  const e = err as Error;
  process.stderr.write(`patchflow: internal error (version ${VERSION}). Please report it with the command you ran.\n${e?.stack ?? String(err)}\n`);
  return EXIT.error;
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
