import { formatOption, pick } from "../cli/options.js";
import type { Severity } from "../model/event.js";
import { DIAGNOSE_FORMATS } from "../output/formats.js";
import { expandPatterns, mergeMaxFailed, outputFormat, windowsPath } from "./args.js";
import type { CommandSpec } from "./command.js";

export const mergeCommand: CommandSpec = {
  name: "merge",
  positionals: "<files..>",
  summary:
    "Merge shard results (diagnose --shard i/n --format json) into the fleet report one machine would have written",
  builder: (y) =>
    y
      .option("format", formatOption(DIAGNOSE_FORMATS, "Default: table on a terminal, else json."))
      .options(pick("output", "fail-on", "max-failed-clients", "quiet"))
      .positional("files", { type: "string", array: true, describe: "Shard result files" }),
  examples: [],
  async handler(a) {
    const { runMerge } = await import("./diagnose.js");
    const r = await runMerge({
      files: await expandPatterns((a.files as string[]).map((f) => windowsPath(String(f)))),
      format: outputFormat(a, DIAGNOSE_FORMATS, "table", "json"),
      output: a.output as string | undefined,
      failOn: ((a["fail-on"] as string | undefined) ?? "error") as Severity | "never",
      maxFailedClients: mergeMaxFailed(a),
      quiet: Boolean(a.quiet),
    });
    return r.code;
  },
};
