import { availableParallelism } from "node:os";
import { formatOption, pick, READING_OPTIONS } from "../cli/options.js";
import { UsageError } from "../model/errors.js";
import { UPDATES_FORMATS } from "../output/formats.js";
import {
  failIfNothingRead,
  inputOptions,
  readingJob,
  jobs,
  loadUserPatterns,
  MAX_JOBS,
  outputFormat,
  paths,
} from "./args.js";
import type { CommandSpec } from "./command.js";

export const updatesCommand: CommandSpec = {
  name: "updates",
  positionals: "[paths..]",
  summary:
    "Follow each update (KB number, bulletin) through scan, inventory, install and restart: its chain of dated facts and its state per client",
  builder: (y) =>
    y
      .option("format", formatOption(UPDATES_FORMATS, "Default: table on a terminal, else json."))
      .options(pick("output", "kb", "state", "tz", "fleet", "client", "jobs", "patterns", ...READING_OPTIONS, "quiet"))
      .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
  examples: [],
  async handler(a) {
    const { runUpdates, parseStates, parseKbs } = await import("./updates.js");
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
      job: {
        ...readingJob(a, input, patterns),
        keepTimeline: false,
        diagnose: {},
      },
      mode: a.fleet ? "fleet" : a.client ? "client" : "auto",
      jobs: threads,
      filter: { kb: parseKbs(a.kb), state: states },
      quiet: Boolean(a.quiet),
      tz: a.tz as string | undefined,
    });
    if (!r.fleet) failIfNothingRead(r.clients[0]?.files ?? []);
  },
};
