import { formatOption, pick, READING_OPTIONS } from "../cli/options.js";
import { failIfNothingRead, inputOptions, jobs, outputFormat, paths } from "./args.js";
import type { CommandSpec } from "./command.js";

const FORMATS = ["ndjson", "json", "table"] as const;

export const parseCommand: CommandSpec = {
  name: "parse",
  positionals: "[paths..]",
  summary: "Read logs into records (one JSON object a line) and say what could not be read",
  builder: (y) =>
    y
      .options(pick("output", "jobs", ...READING_OPTIONS, "quiet", "verbose"))
      .option("format", formatOption(FORMATS, "Default: table on a terminal, else ndjson."))
      .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
  examples: [
    [
      "$0 parse C:\\Windows\\System32\\CCM\\Logs -o records.ndjson",
      "Every record of a logs folder, one JSON object a line",
    ],
    ["type ScanWrapper.log | $0 parse - --stdin-name ScanWrapper.log", "One log from standard input"],
  ],
  async handler(a) {
    const { runParse } = await import("./parse.js");
    const report = await runParse({
      paths: await paths(a),
      format: outputFormat(a, FORMATS, "table", "ndjson"),
      output: a.output as string | undefined,
      input: inputOptions(a),
      assumeTz: a["assume-tz"] as string | undefined,
      quiet: Boolean(a.quiet),
      verbose: Boolean(a.verbose),
      workers: jobs(a, undefined),
    });
    failIfNothingRead(report.stats);
  },
};
