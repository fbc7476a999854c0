import { readFileSync } from "node:fs";
import { buildTimeline, type Timeline } from "../timeline/timeline.js";
import { Classifier, type UserPatternFile } from "../events/classify.js";
import type { InputOptions } from "../input/read.js";
import { diagnose, hasFindingsAtOrAbove, type DiagnoseOptions, type Diagnosis } from "../rules/engine.js";
import { RULES } from "../rules/registry.js";
import type { RuleLevel } from "../rules/types.js";
import type { Severity } from "../model/event.js";
import { Out } from "../output/write.js";
import { colorEnabled, styler } from "../output/terminal.js";
import { printSummary } from "../output/summary.js";
import { printRecognition } from "../output/recognition.js";
import { diagnosisJson, diagnosisMarkdown, diagnosisTable } from "../output/diagnose-format.js";
import { UsageError } from "../errors.js";

export interface DiagnoseArgs {
  paths: string[];
  format: "table" | "json" | "markdown";
  output?: string;
  input: InputOptions & { stdinName?: string };
  patterns?: UserPatternFile;
  options: DiagnoseOptions;
  failOn: Severity | "never";
  quiet: boolean;
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

/** `patchflow diagnose`: per-stage verdicts and findings. Returns the exit code its findings call for. */
export async function runDiagnose(args: DiagnoseArgs): Promise<{ code: number; diagnosis: Diagnosis; timeline: Timeline }> {
  const timeline = await buildTimeline(args.paths, args.input, new Classifier(args.patterns));
  const diagnosis = diagnose(timeline, RULES, args.options);
  const out = await Out.open(args.output);
  const title = args.paths.map((p) => (p === "-" ? args.input.stdinName ?? "<stdin>" : p)).join(", ");
  if (args.format === "json") await out.write(JSON.stringify(diagnosisJson(diagnosis, timeline), null, 1) + "\n");
  else if (args.format === "markdown") await out.write(diagnosisMarkdown(diagnosis, title));
  else await out.write(diagnosisTable(diagnosis, styler(colorEnabled(out.stream as NodeJS.WriteStream)), title) + "\n");
  await out.close();
  if (!args.quiet) {
    printSummary(timeline.report);
    printRecognition(timeline);
  }
  const code = args.failOn !== "never" && hasFindingsAtOrAbove(diagnosis, args.failOn) ? 1 : 0;
  return { code, diagnosis, timeline };
}
