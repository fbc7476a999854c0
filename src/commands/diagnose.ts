import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hasFindingsAtOrAbove } from "../rules/engine.js";
import { RULES } from "../rules/registry.js";
import type { RuleLevel } from "../rules/types.js";
import type { Severity } from "../model/event.js";
import { Out } from "../output/write.js";
import { cell, colorEnabled, styler, terminalWidth } from "../output/terminal.js";
import { parseTimeConvention } from "../time/show.js";
import { printSummary } from "../output/summary.js";
import { printRecognition } from "../output/recognition.js";
import { compactTotal, diagnosisCompact, diagnosisJson, diagnosisMarkdown, diagnosisTable } from "../output/diagnose-format.js";
import { aggregate, fleetMarkdown, fleetTable } from "../output/fleet-format.js";
import type { ClientResult, RunResult } from "../output/result.js";
import { planClients, type FleetMode } from "../fleet/plan.js";
import { diagnoseClients } from "../fleet/pool.js";
import type { JobOptions } from "../fleet/job.js";
import { Progress } from "../output/progress.js";
import { InputError, UsageError } from "../errors.js";


import type { DiagnoseFormat } from "../cli/formats.js";

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
  /** Per-file reading statistics on standard error (default: one summary line). */
  verbose?: boolean;
  /** Time convention of the report: `local` (default), `utc` or a zone. */
  tz?: string;
}

const LEVELS = ["off", "info", "warning", "error"];

/** `--rule id=level` (repeatable) and a config file's `rules` object, the option winning. */
export function ruleLevels(specs: string[] | undefined, config: Record<string, unknown> | undefined): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(config ?? {})) {
    if (typeof level !== "string" || !LEVELS.includes(level)) throw new UsageError(`config rules.${id}: level must be one of ${LEVELS.join(", ")}`);
    levels[id] = level as RuleLevel;
  }
  for (const spec of specs ?? []) {
    const m = /^([a-z0-9-]+)=(off|info|warning|error)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--rule ${spec}: write it as <rule-id>=off|info|warning|error`);
    levels[m[1]] = m[2] as RuleLevel;
  }
  for (const id of Object.keys(levels)) if (!RULES.some((r) => r.id === id)) throw new UsageError(`--rule ${id}: no such rule (see 'patchflow rules')`);
  return levels;
}

/** A config file: `{ "rules": { "<id>": "off" }, "failOn": "warning", "maxSyncAgeDays": 8, "maxCatalogAgeDays": 45 }`. */
export interface ConfigFile {
  rules?: Record<string, string>;
  failOn?: string;
  maxSyncAgeDays?: number;
  maxCatalogAgeDays?: number;
}

export function loadConfig(file: string): ConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--config ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new UsageError(`--config ${file}: expected a JSON object`);
  const known = new Set(["rules", "failOn", "maxSyncAgeDays", "maxCatalogAgeDays"]);
  for (const k of Object.keys(data)) if (!known.has(k)) throw new UsageError(`--config ${file}: unknown key "${k}" (known: ${[...known].join(", ")})`);
  return data as ConfigFile;
}

async function version(): Promise<string> {
  return (JSON.parse(await readFile(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** Reads the inputs as one client or a fleet and diagnoses each client. */
export async function runAll(args: Pick<DiagnoseArgs, "paths" | "job" | "mode" | "jobs" | "quiet" | "progress" | "tz">): Promise<RunResult> {
  const plan = await planClients(args.paths, args.mode);
  const progress = plan.fleet && args.progress && !args.quiet ? new Progress(process.stderr, "clients") : undefined;
  const outcome = await diagnoseClients(plan.clients, args.job, plan.fleet ? args.jobs : 1, progress && ((d, t) => progress.update(d, t)));
  progress?.done();
  if (!plan.fleet && outcome.failed.length) throw new InputError(outcome.failed[0].error);
  if (plan.fleet && outcome.clients.length === 0) throw new InputError(`no client could be read:\n  ${outcome.failed.map((f) => `${f.client}: ${f.error}`).join("\n  ")}`);
  return { tool: { name: "patchflow", version: await version() }, fleet: plan.fleet, inputs: args.paths, clients: outcome.clients, failedClients: outcome.failed, ...(args.tz ? { tz: args.tz } : {}) };
}

/** Clients whose findings reach the --fail-on level (clients that could not be read count too). */
export function failingClients(r: RunResult, failOn: Severity | "never"): number {
  if (failOn === "never") return 0;
  return r.clients.filter((c) => hasFindingsAtOrAbove(c.diagnosis, failOn)).length + r.failedClients.length;
}

function title(c: ClientResult, r: RunResult): string {
  return r.fleet ? c.client : r.inputs.join(", ");
}

/** `patchflow diagnose`: per-stage verdicts and findings. Returns the exit code its findings call for. */
export async function runDiagnose(args: DiagnoseArgs): Promise<{ code: number; result: RunResult }> {
  const tz = parseTimeConvention(args.tz);
  const result = await runAll({ ...args, job: { ...args.job, diagnose: { ...args.job.diagnose, tz: tz.label } } });
  const out = await Out.open(args.output);
  const style = styler(colorEnabled(out.stream as NodeJS.WriteStream));
  const view = { tz, width: args.output ? 80 : terminalWidth(process.stdout) };
  let text: string;
  switch (args.format) {
    case "json":
      text = JSON.stringify(result.fleet
        ? { schema: "patchflow.fleet", version: 1, aggregate: aggregate(result), clients: result.clients.map(diagnosisJson), unreadableClients: result.failedClients }
        : diagnosisJson(result.clients[0]), null, 1) + "\n";
      break;
    // Each reporter loads when asked for, keeping start-up short.
    case "sarif":
      text = (await import("../output/sarif.js")).toSarif(result) + "\n";
      break;
    case "junit":
      text = (await import("../output/junit.js")).toJunit(result);
      break;
    case "github": {
      const gh = await import("../output/github.js");
      text = gh.toGithub(result);
      gh.writeGithubSummary(result);
      break;
    }
    case "ndjson":
      text = (await import("../output/ndjson.js")).toNdjson(result);
      break;
    case "html":
      text = (await import("../output/html.js")).toHtml(result);
      break;
    case "markdown":
      text = result.fleet ? fleetMarkdown(result, (c) => diagnosisMarkdown(c.diagnosis, c.client, tz)) : diagnosisMarkdown(result.clients[0].diagnosis, title(result.clients[0], result), tz);
      break;
    case "compact": {
      const counts = { error: 0, warning: 0, info: 0 };
      text = "";
      for (const c of result.clients) {
        text += diagnosisCompact(c.diagnosis, title(c, result));
        for (const k of ["error", "warning", "info"] as const) counts[k] += c.diagnosis.counts[k];
      }
      for (const f of result.failedClients) text += `${cell(f.client, 1000)}: Error - cannot read the logs: ${cell(f.error, 1000)} (input)\n`;
      text += (text ? "\n" : "") + compactTotal(counts);
      break;
    }
    default:
      text = (result.fleet ? fleetTable(result, style, view.width) : diagnosisTable(result.clients[0].diagnosis, style, title(result.clients[0], result), view)) + "\n";
  }
  await out.write(text);
  await out.close();
  if (!args.quiet) {
    for (const c of result.clients) {
      printSummary({ stats: c.files, missing: c.missing, warnings: c.warnings }, process.stderr, args.verbose ? "all" : result.fleet ? "totals" : "problems");
      if (!result.fleet && args.verbose) printRecognition(c);
    }
  }
  const failing = failingClients(result, args.failOn);
  const code = failing > (result.fleet ? args.maxFailedClients : 0) ? 1 : 0;
  return { code, result };
}
