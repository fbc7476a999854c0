import { Out } from "../output/write.js";
import { colorEnabled, styler } from "../text/terminal.js";
import { printSummary, readSummaryOf } from "../output/summary.js";
import type { FleetMode } from "../fleet/plan.js";
import type { JobOptions } from "../fleet/job.js";
import type { RunResult } from "../model/result.js";
import { runAll } from "./diagnose.js";
import { parseTimeConvention } from "../time/show.js";
import { UPDATE_STATES, type UpdateState } from "../model/updates.js";
import type { ClientUpdatesView, UpdateFilter } from "../output/updates-format.js";
import { formatNamed, UPDATES_OUTPUTS, type UpdatesFormat } from "../output/formats.js";

export interface UpdatesArgs {
  paths: string[];
  format: UpdatesFormat;
  output?: string;
  job: JobOptions;
  mode: FleetMode;
  jobs: number;
  filter: UpdateFilter;
  /** Time convention of the step dates and texts (`--tz`): `local` (default: as the logs wrote them), `utc` or a zone. */
  tz?: string;
  quiet: boolean;
}

/**
 * `patchflow updates`: one row per update, its chain of dated facts and its state on each client; across a fleet,
 * clients per state and the compliance matrix (CSV). Exit code 0: the states are a report, not a gate.
 */
export async function runUpdates(args: UpdatesArgs): Promise<RunResult> {
  const tz = parseTimeConvention(args.tz);
  const result = await runAll({
    ...args,
    job: { ...args.job, diagnose: { ...args.job.diagnose, tz: tz.label } },
    progress: true,
  });
  const views: ClientUpdatesView[] = result.clients.map((c) => ({ client: c.client, updates: c.updates }));
  const format = formatNamed<(typeof UPDATES_OUTPUTS)[number]>(UPDATES_OUTPUTS, args.format);
  const out = await Out.open(args.output);
  const style = styler(colorEnabled(out.stream as NodeJS.WriteStream));
  const text = await format.render(
    { result, views, filter: args.filter },
    { tz, width: 80, style, warn: (w) => process.stderr.write(`${w}\n`) },
  );
  await out.write(text);
  await out.close();
  if (!args.quiet)
    for (const c of result.clients)
      printSummary(readSummaryOf(c), process.stderr, result.fleet ? "totals" : "problems");
  return result;
}

/** `--state` names: the state itself, or a one-word alias. */
export const STATE_ALIASES: Record<string, UpdateState> = {
  compliant: "compliant",
  "not-reported": "installed, not yet reported",
  "restart-pending": "restart pending",
  failed: "install failed",
  "install-failed": "install failed",
  "never-attempted": "never attempted",
  "no-install-log": "applicable, no install log",
  "no-inventory-log": "installed, no inventory log",
  unknown: "unknown",
  "not-applicable": "not applicable",
};

/** `--state failed,restart-pending` (repeatable); undefined for none, a message for a name it does not know. */
export function parseStates(raw: unknown): UpdateState[] | string | undefined {
  if (raw === undefined) return undefined;
  const out: UpdateState[] = [];
  for (const v of (Array.isArray(raw) ? raw : [raw]).map((x) => String(x).trim().toLowerCase())) {
    if ((UPDATE_STATES as readonly string[]).includes(v)) {
      out.push(v as UpdateState);
      continue;
    }
    for (const name of v
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)) {
      const s =
        STATE_ALIASES[name] ??
        ((UPDATE_STATES as readonly string[]).includes(name) ? (name as UpdateState) : undefined);
      if (!s) return `--state ${name}: choose from ${Object.keys(STATE_ALIASES).join(", ")}`;
      out.push(s);
    }
  }
  return out;
}

/** `--kb KB918899,MS06-042` (repeatable). */
export function parseKbs(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((x) => String(x).split(","))
    .map((x) => x.trim())
    .filter(Boolean);
}
