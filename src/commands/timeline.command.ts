import { findConfig } from "../cli/config.js";
import { formatOption, pick, READING_OPTIONS } from "../cli/options.js";
import { TIMELINE_FORMATS } from "../output/formats.js";
import { parseTimeConvention } from "../time/show.js";
import {
  eventFilter,
  failIfNothingRead,
  inputOptions,
  jobs,
  loadUserPatterns,
  outputFormat,
  paths,
  printConfig,
} from "./args.js";
import type { CommandSpec } from "./command.js";

export const timelineCommand: CommandSpec = {
  name: "timeline",
  positionals: "[paths..]",
  summary: "Merge every log's events into one timeline of the client's patch flow",
  builder: (y) =>
    y
      .options(
        pick(
          "output",
          "stage",
          "log",
          "severity",
          "since",
          "until",
          "grep",
          "tz",
          "config",
          "print-config",
          "patterns",
          "jobs",
          ...READING_OPTIONS,
          "quiet",
          "verbose",
        ),
      )
      .option("format", formatOption(TIMELINE_FORMATS, "Default: table on a terminal, else ndjson."))
      .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
  examples: [
    ["$0 timeline samples/default --stage sync --severity warning", "The sync stage's warnings and errors"],
    ['$0 timeline logs --grep "0x8007(0005|2efd)" --tz utc', "Events naming either code, times in UTC"],
    ["$0 timeline logs -o events.csv", "Every event as CSV (the format follows the extension)"],
  ],
  async handler(a) {
    const found = findConfig(a.config as string | undefined);
    const tz = (a.tz as string | undefined) ?? found.config.tz;
    parseTimeConvention(tz);
    if (a["print-config"]) return printConfig(found.source, { config: found.config, tz: tz ?? "local" });
    const { runTimeline } = await import("./timeline.js");
    const tl = await runTimeline({
      paths: await paths(a),
      format: outputFormat(a, TIMELINE_FORMATS, "table", "ndjson"),
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
};
