import { jsonBatches } from "./json-stream.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { cell } from "../text/terminal.js";
import { compactTotal, diagnosisCompact, diagnosisJson, diagnosisMarkdown, diagnosisTable } from "./diagnose-format.js";
import { aggregate, fleetMarkdown, fleetTable } from "./fleet-format.js";
import type { ReportContext } from "./report-context.js";

/** The text reports of `diagnose`: one client's, or a fleet's overview (and per-client sections where they have them). */

function title(c: ClientResult, r: RunResult): string {
  return r.fleet ? c.client : r.inputs.join(", ");
}

export function tableReport(result: RunResult, ctx: ReportContext): string {
  const view = { tz: ctx.tz, width: ctx.width };
  return (
    (result.fleet
      ? fleetTable(result, ctx.style, view.width)
      : diagnosisTable(result.clients[0].diagnosis, ctx.style, title(result.clients[0], result), view)) + "\n"
  );
}

/** `JSON.stringify(report, null, 1)` and a line break, in pieces: a large report is not held as one string. */
export function jsonReport(result: RunResult): Iterable<string> {
  return jsonBatches(
    result.fleet
      ? {
          schema: "patchflow.fleet",
          version: 2,
          aggregate: aggregate(result),
          clients: result.clients.map(diagnosisJson),
          unreadableClients: result.failedClients,
        }
      : diagnosisJson(result.clients[0]),
  );
}

export function markdownReport(result: RunResult, ctx: ReportContext): string {
  const tz = ctx.tz;
  return result.fleet
    ? fleetMarkdown(result, (c) => diagnosisMarkdown(c.diagnosis, c.client, tz))
    : diagnosisMarkdown(result.clients[0].diagnosis, title(result.clients[0], result), tz);
}

export function compactReport(result: RunResult): string {
  const counts = { error: 0, warning: 0, info: 0 };
  let text = "";
  for (const c of result.clients) {
    text += diagnosisCompact(c.diagnosis, title(c, result));
    for (const k of ["error", "warning", "info"] as const) counts[k] += c.diagnosis.counts[k];
  }
  for (const f of result.failedClients)
    text += `${cell(f.client, 1000)}: Error - cannot read the logs: ${cell(f.error, 1000)} (input)\n`;
  return text + (text ? "\n" : "") + compactTotal(counts);
}
