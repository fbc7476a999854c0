import type { PatchEvent, Severity } from "../model/event.js";
import type { Timeline } from "../timeline/timeline.js";
import { RuleContext, timeOf, type RuleOptions } from "./context.js";
import { FLOW_STAGES, type Evidence, type Finding, type FlowStage, type Report, type Rule, type RuleLevel, type StageSummary, type Verdict } from "./types.js";
import { UsageError } from "../errors.js";
import { parseTimeConvention, setMessageConvention } from "../time/show.js";

export const DIAGNOSIS_SCHEMA = { name: "patchflow.diagnosis", version: 1 } as const;

export interface DiagnoseOptions {
  /** Reference time (ms) for staleness; default: the newest event. */
  now?: number;
  /** Per-rule severity overrides. */
  levels?: Record<string, RuleLevel>;
  maxSyncAgeDays?: number;
  maxCatalogAgeDays?: number;
  /** How times are worded in messages: `local` (default), `utc`, or a zone (see `--tz`). */
  tz?: string;
}

export interface Diagnosis {
  schema: typeof DIAGNOSIS_SCHEMA.name;
  version: typeof DIAGNOSIS_SCHEMA.version;
  /** The reference time used, ISO; null when the logs carry no time at all. */
  now: string | null;
  nowSource: "option" | "newest-event" | "none";
  stages: StageSummary[];
  findings: Finding[];
  counts: Record<Severity, number>;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function formatTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (data[k] !== undefined ? String(data[k]) : m));
}

function evidenceOf(e: PatchEvent): Evidence {
  return { seq: e.seq, file: e.file, line: e.line, utc: e.time.utc, local: e.time.local, message: e.message };
}

function newestTime(events: PatchEvent[]): number | undefined {
  let best: number | undefined;
  for (const e of events) {
    const t = timeOf(e);
    if (t !== undefined && (best === undefined || t > best)) best = t;
  }
  return best;
}

/** Runs every enabled rule over a client's timeline and sums the findings up per stage. */
export function diagnose(tl: Timeline, rules: readonly Rule[], opts: DiagnoseOptions = {}): Diagnosis {
  for (const id of Object.keys(opts.levels ?? {})) {
    if (!rules.some((r) => r.id === id)) throw new UsageError(`--rule ${id}: no such rule (see 'patchflow rules')`);
  }
  const newest = newestTime(tl.events);
  const now = opts.now ?? newest;
  const ruleOptions: RuleOptions = {
    now: now ?? 0,
    maxSyncAgeDays: opts.maxSyncAgeDays ?? 8,
    maxCatalogAgeDays: opts.maxCatalogAgeDays ?? 45,
  };
  const logs = new Set(tl.events.map((e) => e.log));
  const ctx = new RuleContext(tl.events, tl.runs, logs, ruleOptions);
  const findings: Finding[] = [];
  setMessageConvention(parseTimeConvention(opts.tz));
  for (const rule of rules) {
    const level = opts.levels?.[rule.id];
    if (level === "off") continue;
    const reports: Report[] = [];
    try {
      rule.check(ctx, (r) => reports.push(r));
    } catch (err) {
      throw new Error(`rule ${rule.id} failed: ${(err as Error).message}`, { cause: err });
    }
    for (const r of reports) {
      const template = rule.messages[r.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id ${r.messageId}`);
      const data = r.data ?? {};
      const stage = r.stage ?? (rule.stage === "flow" ? undefined : rule.stage);
      if (!stage) throw new Error(`rule ${rule.id} reported no stage`);
      findings.push({
        ruleId: rule.id,
        stage,
        severity: level ?? r.severity ?? rule.defaultSeverity,
        messageId: r.messageId,
        message: formatTemplate(template, data),
        remedy: formatTemplate(rule.remedy, data),
        data,
        evidence: r.evidence.map(evidenceOf),
      });
    }
  }
  findings.sort((a, b) => RANK[b.severity] - RANK[a.severity] || FLOW_STAGES.indexOf(a.stage) - FLOW_STAGES.indexOf(b.stage) || (a.evidence[0]?.seq ?? -1) - (b.evidence[0]?.seq ?? -1) || a.ruleId.localeCompare(b.ruleId));
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    schema: DIAGNOSIS_SCHEMA.name,
    version: DIAGNOSIS_SCHEMA.version,
    now: now === undefined ? null : new Date(now).toISOString(),
    nowSource: opts.now !== undefined ? "option" : now !== undefined ? "newest-event" : "none",
    stages: FLOW_STAGES.map((s) => summarize(s, ctx, tl, findings)),
    findings,
    counts,
  };
}

function summarize(stage: FlowStage, ctx: RuleContext, tl: Timeline, findings: Finding[]): StageSummary {
  const events = ctx.events.filter((e) => e.stage === stage);
  const logs = [...new Set(tl.report.stats.filter((s) => s.stage === stage).map((s) => s.file))];
  const mine = findings.filter((f) => f.stage === stage);
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of mine) n[f.severity]++;
  let verdict: Verdict;
  if (events.length === 0 && logs.length === 0) verdict = "no evidence";
  else verdict = n.error ? "failed" : n.warning ? "warning" : "ok";
  const runs = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
  const last = runs.length ? runs[runs.length - 1] : undefined;
  const summary: StageSummary = { stage, verdict, logs, runs: runs.length, facts: facts(stage, ctx, events), findings: n };
  if (last) {
    const first = ctx.firstEvent(last);
    summary.lastRun = { startUtc: first.time.utc, startLocal: first.time.local, result: last.result, file: last.file, line: first.line };
  }
  return summary;
}

function facts(stage: FlowStage, ctx: RuleContext, events: PatchEvent[]): string[] {
  const out: string[] = [];
  const runs = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
  if (runs.length) {
    const byResult = new Map<string, number>();
    for (const r of runs) byResult.set(r.result, (byResult.get(r.result) ?? 0) + 1);
    out.push(`${runs.length} run${runs.length === 1 ? "" : "s"}: ${[...byResult].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  } else if (events.length) out.push(`${events.length} event${events.length === 1 ? "" : "s"}, no complete run found`);
  const lastCatalog = [...events].reverse().find((e) => typeof e.fields.catalogDate === "string");
  if (lastCatalog) out.push(`catalog date ${lastCatalog.fields.catalogDate as string} (${lastCatalog.file.split("/").pop()}:${lastCatalog.line})`);
  if (stage === "scan") {
    const applicable = new Set(ctx.ofKind("scan.patch.applicable").map((e) => String(e.fields.kb ?? e.fields.bulletin ?? e.message)));
    if (applicable.size) out.push(`${applicable.size} patch${applicable.size === 1 ? "" : "es"} reported applicable`);
  }
  if (stage === "install") {
    const exits = ctx.ofKind("install.patch.exit");
    if (exits.length) out.push(`${exits.length} patch install${exits.length === 1 ? "" : "s"}: exit codes ${[...new Set(exits.map((e) => e.fields.exitCode))].join(", ")}`);
  }
  return out;
}

/** Whether a diagnosis has findings at or above the threshold. */
export function hasFindingsAtOrAbove(d: Diagnosis, threshold: Severity): boolean {
  return d.findings.some((f) => RANK[f.severity] >= RANK[threshold]);
}
