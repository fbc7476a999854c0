import Table from "cli-table3";
import type { RunResult, ClientResult } from "../model/result.js";
import { FLOW_STAGES, type FlowStage, type Verdict } from "../model/finding.js";
import { cell, safeLine, wrap, type Style, COMPACT_TABLE } from "../text/terminal.js";
import { mdEscape } from "./diagnose-format.js";

export interface FleetAggregate {
  clients: number;
  /** Clients whose logs could not be read at all (not clients with findings: see `--max-failed-clients`). */
  unreadableClients: number;
  stages: Array<{ stage: FlowStage } & Record<Verdict, number>>;
  /** Rules by how many clients they fired on. */
  topFindings: Array<{ ruleId: string; severity: string; clients: number; findings: number }>;
  /** Clients with the most errors, then warnings. */
  worstClients: Array<{ client: string; errors: number; warnings: number; failedStages: FlowStage[] }>;
}

export function aggregate(r: RunResult, top = 10): FleetAggregate {
  const stages = FLOW_STAGES.map((stage) => {
    const row = { stage, ok: 0, warning: 0, failed: 0, "no evidence": 0 } as { stage: FlowStage } & Record<
      Verdict,
      number
    >;
    for (const c of r.clients) row[c.diagnosis.stages.find((s) => s.stage === stage)!.verdict]++;
    return row;
  });
  const rules = new Map<string, { ruleId: string; severity: string; clients: Set<string>; findings: number }>();
  for (const c of r.clients) {
    for (const f of c.diagnosis.findings) {
      const e = rules.get(f.ruleId) ?? {
        ruleId: f.ruleId,
        severity: f.severity,
        clients: new Set<string>(),
        findings: 0,
      };
      e.clients.add(c.client);
      e.findings++;
      if (f.severity === "error") e.severity = "error";
      rules.set(f.ruleId, e);
    }
  }
  const topFindings = [...rules.values()]
    .map((e) => ({ ruleId: e.ruleId, severity: e.severity, clients: e.clients.size, findings: e.findings }))
    .sort((a, b) => b.clients - a.clients || b.findings - a.findings || a.ruleId.localeCompare(b.ruleId))
    .slice(0, top);
  const worstClients = r.clients
    .map((c) => ({
      client: c.client,
      errors: c.diagnosis.counts.error,
      warnings: c.diagnosis.counts.warning,
      failedStages: c.diagnosis.stages.filter((s) => s.verdict === "failed").map((s) => s.stage),
    }))
    .filter((c) => c.errors + c.warnings > 0)
    .sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || a.client.localeCompare(b.client))
    .slice(0, top);
  return { clients: r.clients.length, unreadableClients: r.failedClients.length, stages, topFindings, worstClients };
}

/** The fleet overview, fitted to `width` columns (long client names are cut; every name is in the JSON). */
export function fleetTable(r: RunResult, style: Style, width = 80): string {
  const a = aggregate(r);
  const out: string[] = [
    style(
      "bold",
      `Fleet: ${a.clients} client${a.clients === 1 ? "" : "s"}${a.unreadableClients ? `, ${a.unreadableClients} could not be read` : ""}`,
    ),
  ];
  const t = new Table({ head: ["stage", "ok", "warning", "failed", "no evidence"], ...COMPACT_TABLE });
  for (const s of a.stages)
    t.push([
      s.stage,
      String(s.ok),
      s.warning ? style("yellow", String(s.warning)) : "0",
      s.failed ? style("red", String(s.failed)) : "0",
      String(s["no evidence"]),
    ]);
  out.push(t.toString());
  if (a.topFindings.length) {
    const f = new Table({ head: ["most frequent findings", "severity", "clients", "findings"], ...COMPACT_TABLE });
    for (const x of a.topFindings) f.push([x.ruleId, x.severity, String(x.clients), String(x.findings)]);
    out.push(f.toString());
  }
  const c = new Table({
    head: ["client", "sync", "scan", "inventory", "install", "errors", "warnings"],
    ...COMPACT_TABLE,
  });
  for (const cl of r.clients)
    c.push([
      cell(cl.client, Math.max(12, Math.min(40, width - 62))),
      ...(["sync", "scan", "inventory", "install"] as const).map((s) => verdictShort(cl, s, style)),
      String(cl.diagnosis.counts.error),
      String(cl.diagnosis.counts.warning),
    ]);
  out.push(c.toString());
  for (const f of r.failedClients)
    out.push(...wrap(style("red", `could not read ${safeLine(f.client)}: ${safeLine(f.error)}`), width, "", "  "));
  out.push(
    ...wrap(
      style("dim", "Per-client findings: --format json, markdown, sarif or html; or diagnose one client's folder."),
      width,
    ),
  );
  return out.join("\n");
}

function verdictShort(c: ClientResult, stage: FlowStage, style: Style): string {
  const v = c.diagnosis.stages.find((s) => s.stage === stage)!.verdict;
  return v === "failed"
    ? style("red", "FAILED")
    : v === "warning"
      ? style("yellow", "warning")
      : v === "ok"
        ? style("green", "ok")
        : style("gray", "-");
}

export function fleetMarkdown(r: RunResult, perClient: (c: ClientResult) => string): string {
  const a = aggregate(r);
  const out = [
    `# patchflow: ${a.clients} clients`,
    "",
    "| stage | ok | warning | failed | no evidence |",
    "|---|---|---|---|---|",
  ];
  for (const s of a.stages) out.push(`| ${s.stage} | ${s.ok} | ${s.warning} | ${s.failed} | ${s["no evidence"]} |`);
  if (a.topFindings.length) {
    out.push("", "| most frequent findings | severity | clients | findings |", "|---|---|---|---|");
    for (const x of a.topFindings) out.push(`| \`${x.ruleId}\` | ${x.severity} | ${x.clients} | ${x.findings} |`);
  }
  for (const f of r.failedClients) out.push("", `- could not read ${mdEscape(f.client)}: ${mdEscape(f.error)}`);
  for (const c of r.clients) out.push("", perClient(c));
  return out.join("\n") + "\n";
}
