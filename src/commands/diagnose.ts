import { existsSync } from "node:fs";
import { hasFindingsAtOrAbove } from "../rules/engine.js";
import { RULES } from "../rules/registry.js";
import type { RuleLevel } from "../rules/types.js";
import type { Severity } from "../model/event.js";
import { Out } from "../output/write.js";
import { colorEnabled, safeLine, styler, terminalWidth } from "../text/terminal.js";
import { parseTimeConvention, type TimeConvention } from "../time/show.js";
import { printSummary, readSummaryOf } from "../output/summary.js";
import { printRecognition } from "../output/recognition.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { planClients, type FleetMode } from "../fleet/plan.js";
import { diagnoseClients } from "../fleet/pool.js";
import type { JobOptions } from "../fleet/job.js";
import { Progress } from "../output/progress.js";
import { InputError, UsageError } from "../model/errors.js";
import {
  fleetDigest,
  mergeShards,
  readShards,
  SHARD_SCHEMA,
  shardOf,
  type Shard,
  type ShardDocument,
} from "../fleet/shard.js";
import { VERSION } from "../model/version.js";
import { DIAGNOSE_OUTPUTS, formatNamed, type DiagnoseFormat } from "../output/formats.js";

export interface DiagnoseArgs {
  paths: string[];
  format: DiagnoseFormat;
  output?: string;
  job: JobOptions;
  mode: FleetMode;
  jobs: number;
  failOn: Severity | "never";
  /** With a fleet: exit 1 only when more clients than this fail the --fail-on gate. */
  maxFailedClients: number;
  quiet: boolean;
  progress: boolean;
  /** Diagnose only this shard of the fleet and write a mergeable result (`patchflow merge`). */
  shard?: Shard;
  /** Per-file reading statistics on standard error (default: one summary line). */
  verbose?: boolean;
  /** Time convention of the report: `local` (default), `utc` or a zone. */
  tz?: string;
}

const LEVELS = ["off", "info", "warning", "error"];

/** `--rule id=level` (repeatable) and a config file's `rules` object, the option winning. */
export function ruleLevels(
  specs: string[] | undefined,
  config: Record<string, unknown> | undefined,
): Record<string, RuleLevel> {
  // Every id is checked before it is used as a key: `__proto__` and its kind are no rule, not a way around the check.
  const known = (id: string, where: string): string => {
    if (!RULES.some((r) => r.id === id))
      throw new UsageError(`${where} ${JSON.stringify(id)}: no such rule (see 'patchflow rules')`);
    return id;
  };
  const levels = new Map<string, RuleLevel>();
  if (config !== undefined && (config === null || typeof config !== "object" || Array.isArray(config)))
    throw new UsageError("config rules: expected an object of <rule-id>: level");
  for (const [id, level] of Object.entries(config ?? {})) {
    known(id, "config rules:");
    if (typeof level !== "string" || !LEVELS.includes(level))
      throw new UsageError(`config rules.${id}: level must be one of ${LEVELS.join(", ")}`);
    levels.set(id, level as RuleLevel);
  }
  for (const spec of specs ?? []) {
    const m = /^([a-z0-9-]+)=(off|info|warning|error)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--rule ${spec}: write it as <rule-id>=off|info|warning|error`);
    levels.set(known(m[1], "--rule"), m[2] as RuleLevel);
  }
  return Object.fromEntries(levels);
}

/** A config file: `{ "rules": { "<id>": "off" }, "failOn": "warning", "maxSyncAgeDays": 8, "maxCatalogAgeDays": 45 }`. */
export interface ConfigFile {
  rules?: Record<string, string>;
  failOn?: string;
  maxSyncAgeDays?: number;
  maxCatalogAgeDays?: number;
}

/** Reads the inputs as one client or a fleet and diagnoses each client. */
export async function runAll(
  args: Pick<DiagnoseArgs, "paths" | "job" | "mode" | "jobs" | "quiet" | "progress" | "tz">,
): Promise<RunResult> {
  const plan = await planClients(args.paths, args.mode);
  const progress = plan.fleet && args.progress && !args.quiet ? new Progress(process.stderr, "clients") : undefined;
  const outcome = await diagnoseClients(
    plan.clients,
    args.job,
    plan.fleet ? args.jobs : 1,
    progress && ((d, t) => progress.update(d, t)),
  );
  progress?.done();
  if (!plan.fleet && outcome.failed.length) throw new InputError(outcome.failed[0].error);
  if (plan.fleet) noClientRead(outcome.clients, outcome.failed);
  return {
    tool: { name: "patchflow", version: VERSION },
    fleet: plan.fleet,
    inputs: args.paths,
    clients: outcome.clients,
    failedClients: outcome.failed,
    ...(args.tz ? { tz: args.tz } : {}),
  };
}

function noClientRead(clients: ClientResult[], failed: RunResult["failedClients"]): void {
  if (clients.length === 0)
    throw new InputError(
      `no client could be read:\n  ${failed.map((f) => `${safeLine(f.client)}: ${safeLine(f.error)}`).join("\n  ")}`,
    );
}

/** `diagnose --shard i/n`: diagnoses the fleet's clients that fall in the shard and returns the mergeable result. */
export async function runShard(
  args: Pick<DiagnoseArgs, "paths" | "job" | "mode" | "jobs" | "quiet" | "progress">,
  shard: Shard,
): Promise<ShardDocument> {
  const plan = await planClients(args.paths, args.mode);
  if (!plan.fleet) {
    const absent = args.paths.filter((p) => p !== "-" && !existsSync(p));
    if (absent.length)
      throw new InputError(`nothing to read:\n  ${absent.map((p) => `${p}: no such file or folder`).join("\n  ")}`);
  }
  if (!plan.fleet)
    throw new UsageError(
      `--shard splits a fleet, and ${args.paths.join(", ")} is one client (a fleet is a folder or .zip with a folder or archive per client; --fleet makes each path given a client)`,
    );
  const mine = plan.clients.flatMap((c, i) => (shardOf(c.name, shard.count) === shard.index ? [i] : []));
  const progress = args.progress && !args.quiet ? new Progress(process.stderr, "clients") : undefined;
  const outcome = await diagnoseClients(
    mine.map((i) => plan.clients[i]),
    args.job,
    args.jobs,
    progress && ((d, t) => progress.update(d, t)),
  );
  progress?.done();
  const { keepTimeline, ...options } = args.job;
  return {
    schema: SHARD_SCHEMA.name,
    version: SHARD_SCHEMA.version,
    tool: { name: "patchflow", version: VERSION },
    shard,
    fleet: { inputs: args.paths, clients: plan.clients.length, digest: fleetDigest(plan.clients) },
    options: { mode: args.mode, ...options },
    timeline: keepTimeline,
    clients: outcome.clients.map((result, k) => ({ index: mine[outcome.clientIndex[k]], result })),
    failedClients: outcome.failed.map((f, k) => ({ index: mine[outcome.failedIndex[k]], ...f })),
  };
}

/** Clients whose findings reach the --fail-on level (clients that could not be read count too). */
export function failingClients(r: RunResult, failOn: Severity | "never"): number {
  if (failOn === "never") return 0;
  return r.clients.filter((c) => hasFindingsAtOrAbove(c.diagnosis, failOn)).length + r.failedClients.length;
}

/** `patchflow diagnose`: per-stage verdicts and findings. Returns the exit code its findings call for. */
export async function runDiagnose(args: DiagnoseArgs): Promise<{ code: number; result: RunResult }> {
  const tz = parseTimeConvention(args.tz);
  args = { ...args, job: { ...args.job, diagnose: { ...args.job.diagnose, tz: tz.label } } };
  if (args.shard) {
    if (args.format !== "json")
      throw new UsageError(
        `--shard writes a mergeable JSON result (--format json); make the ${args.format} report from all the shards with 'patchflow merge'`,
      );
    const doc = await runShard(args, args.shard);
    const out = await Out.open(args.output);
    await out.write(JSON.stringify(doc) + "\n");
    await out.close();
    const result: RunResult = {
      tool: doc.tool,
      fleet: true,
      inputs: doc.fleet.inputs,
      clients: doc.clients.map((c) => c.result),
      failedClients: doc.failedClients,
    };
    if (!args.quiet)
      for (const c of result.clients) printSummary(readSummaryOf(c), process.stderr, args.verbose ? "all" : "totals");
    // The --fail-on gate is the whole fleet's (--max-failed-clients counts across shards): 'patchflow merge' applies it.
    return { code: 0, result };
  }
  return report(await runAll(args), args, tz);
}

/** `patchflow merge`: the fleet report of shard results, as one run over the whole fleet would have written it. */
export async function runMerge(
  args: Pick<DiagnoseArgs, "format" | "output" | "failOn" | "maxFailedClients" | "quiet"> & { files: string[] },
): Promise<{ code: number; result: RunResult }> {
  const merged = mergeShards(await readShards(args.files), VERSION);
  if (formatNamed(DIAGNOSE_OUTPUTS, args.format).keepsTimeline && !merged.timeline)
    throw new UsageError(
      `merge --format ${args.format} draws each client's timeline: run the shards with --keep-timeline`,
    );
  const { timeline: _, ...result } = merged;
  noClientRead(result.clients, result.failedClients);
  return report(result, args);
}

/** Writes the report of a run in the format asked for, and the summaries; returns the exit code its findings call for. */
async function report(
  result: RunResult,
  args: Pick<DiagnoseArgs, "format" | "output" | "failOn" | "maxFailedClients" | "quiet" | "verbose" | "tz">,
  given?: TimeConvention,
): Promise<{ code: number; result: RunResult }> {
  const tz = given ?? parseTimeConvention(args.tz ?? result.tz);
  const format = formatNamed(DIAGNOSE_OUTPUTS, args.format);
  if (result.fleet && !format.fleet)
    throw new UsageError(
      `--format ${format.name} writes one client's report, and the input is a fleet: diagnose one client's folder, or choose another format`,
    );
  const out = await Out.open(args.output);
  /** Warnings about the run itself, printed after the output. */
  const late: string[] = [];
  const text = await format.render(result, {
    tz,
    width: args.output ? 80 : terminalWidth(process.stdout),
    style: styler(colorEnabled(out.stream as NodeJS.WriteStream)),
    warn: (message) => late.push(message),
  });
  // A renderer gives its text whole, or in pieces (a large JSON report is never held as one string).
  if (typeof text === "string") await out.write(text);
  else for (const piece of text) await out.write(piece);
  await out.close();
  for (const w of late) process.stderr.write(`${styler(colorEnabled(process.stderr))("yellow", w)}\n`);
  if (!args.quiet) {
    for (const c of result.clients) {
      printSummary(readSummaryOf(c), process.stderr, args.verbose ? "all" : result.fleet ? "totals" : "problems");
      if (!result.fleet && args.verbose) printRecognition(c);
    }
  }
  const failing = failingClients(result, args.failOn);
  const code = failing > (result.fleet ? args.maxFailedClients : 0) ? 1 : 0;
  return { code, result };
}
