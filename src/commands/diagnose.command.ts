import { availableParallelism } from "node:os";
import { ageDays, findConfig } from "../cli/config.js";
import { formatOption, pick, READING_OPTIONS } from "../cli/options.js";
import { UsageError } from "../model/errors.js";
import type { Severity } from "../model/event.js";
import { DIAGNOSE_FORMATS, DIAGNOSE_OUTPUTS, formatNamed } from "../output/formats.js";
import { parseTimeConvention } from "../time/show.js";
import { parseWhen } from "../timeline/filter.js";
import {
  failIfNothingRead,
  inputOptions,
  readingJob,
  jobs,
  loadUserPatterns,
  MAX_JOBS,
  outputFormat,
  paths,
  printConfig,
} from "./args.js";
import type { CommandSpec } from "./command.js";

export const diagnoseCommand: CommandSpec = {
  name: "diagnose",
  positionals: "[paths..]",
  aliases: ["$0 [paths..]"],
  summary:
    "Say for each stage (sync, scan, inventory, install) whether it worked, what broke, the evidence and what to do",
  builder: (y) =>
    y
      .options(
        pick(
          "output",
          "fail-on",
          "rule",
          "config",
          "print-config",
          "tz",
          "now",
          "fleet",
          "client",
          "jobs",
          "max-failed-clients",
          "max-sync-age-days",
          "max-catalog-age-days",
          "patterns",
          ...READING_OPTIONS,
          "shard",
          "keep-timeline",
          "quiet",
          "verbose",
        ),
      )
      .option(
        "format",
        formatOption(DIAGNOSE_FORMATS, "Default: table on a terminal, else json. compact: one line a finding."),
      )
      .positional("paths", { type: "string", array: true, describe: "Folders, files, or - for standard input" }),
  examples: [
    ["$0 samples/default", "Verdicts, findings, evidence and remedies for one client's logs"],
    ["$0 diagnose \\\\server\\logs -o report.html", "An HTML report (the format follows the extension)"],
    ["$0 diagnose logs --fleet -f compact --fail-on warning", "One line a finding across a fleet, exit 1 on warnings"],
    ["$0 diagnose logs --tz utc --rule sync-too-old=off", "Times in UTC, one rule turned off"],
  ],
  async handler(a) {
    const { ruleLevels, runDiagnose } = await import("./diagnose.js");
    const found = findConfig(a.config as string | undefined);
    const config = found.config;
    const tz = (a.tz as string | undefined) ?? config.tz;
    parseTimeConvention(tz);
    const failOn = (a["fail-on"] as string | undefined) ?? config?.failOn ?? "error";
    if (!["info", "warning", "error", "never"].includes(failOn))
      throw new UsageError(`failOn ${failOn}: choose info, warning, error or never`);
    const levels = ruleLevels(a.rule as string[] | undefined, config?.rules);
    const maxSyncAgeDays = ageDays("--max-sync-age-days", a["max-sync-age-days"]) ?? config?.maxSyncAgeDays;
    const maxCatalogAgeDays = ageDays("--max-catalog-age-days", a["max-catalog-age-days"]) ?? config?.maxCatalogAgeDays;
    if (a["print-config"]) {
      return printConfig(found.source, {
        config,
        effective: {
          failOn,
          tz: tz ?? "local",
          rules: levels,
          maxSyncAgeDays: maxSyncAgeDays ?? 8,
          maxCatalogAgeDays: maxCatalogAgeDays ?? 45,
        },
      });
    }
    if (a.fleet && a.client) throw new UsageError("--fleet and --client exclude each other");
    const threads = jobs(a, Math.min(MAX_JOBS, availableParallelism()))!;
    const maxFailed = Number(a["max-failed-clients"]);
    if (!Number.isInteger(maxFailed) || maxFailed < 0)
      throw new UsageError("--max-failed-clients must be a whole number of at least 0");
    const input = inputOptions(a);
    const format = outputFormat(a, DIAGNOSE_FORMATS, "table", "json");
    const patterns = typeof a.patterns === "string" ? await loadUserPatterns(a.patterns) : undefined;
    const r = await runDiagnose({
      paths: await paths(a),
      // A shard's result is JSON, on a terminal too.
      format: a.shard !== undefined && a.format === undefined ? "json" : format,
      output: a.output as string | undefined,
      job: {
        ...readingJob(a, input, patterns),
        keepTimeline: formatNamed(DIAGNOSE_OUTPUTS, format).keepsTimeline || Boolean(a["keep-timeline"]),
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
      shard: typeof a.shard === "string" ? (await import("../fleet/shard.js")).parseShard(a.shard) : undefined,
    });
    if (!r.result.fleet) failIfNothingRead(r.result.clients[0]?.files ?? []);
    return r.code;
  },
};
