import type { PatchEvent, Severity } from "../model/event.js";
import type { Timeline } from "../model/timeline.js";
import { RuleContext, stageOfProgram, type RuleOptions } from "./context.js";
import type { Report, Rule, RuleLevel } from "./types.js";
import {
  FLOW_STAGES,
  plainFinding,
  type Evidence,
  type Finding,
  type FlowStage,
  type StageSummary,
  type Verdict,
} from "../model/finding.js";
import { UsageError } from "../model/errors.js";
import { DIAGNOSIS_SCHEMA, type Diagnosis } from "../model/diagnosis.js";
import { SUCCESS_EXIT, programKey, type Run } from "../model/run.js";
import { parseTimeConvention, showTime } from "../time/show.js";
import { timesOf } from "./lib/times.js";
import { stageLines } from "./lib/signals.js";
import { EvidenceTable, PlainEvidence } from "./lib/evidence.js";
import { KeptStrings } from "../text/kept.js";

export interface DiagnoseOptions {
  /** Reference time (ms) for staleness; default: the newest event. */
  now?: number;
  /** Per-rule severity overrides. */
  levels?: Record<string, RuleLevel>;
  maxSyncAgeDays?: number;
  maxCatalogAgeDays?: number;
  /**
   * How times are worded in messages: `local` (default), `utc`, or a zone, as `--tz` takes it (a string, so that the
   * options cross to worker threads); read once per diagnosis into the rule context's convention.
   */
  tz?: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Templates split at their `{name}` places: literal, name, literal, …, literal (a rule's few templates, split once). */
const templateParts = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/** A place's text: its data value, or the place itself when the data has none. */
function placeText(data: Record<string, string | number>, name: string): string {
  const v = data[name];
  return v !== undefined ? String(v) : `{${name}}`;
}

export function formatTemplate(template: string, data: Record<string, string | number>, suffix?: string): string {
  const parts = partsOf(template);
  // A template without places is its own text.
  if (parts.length === 1 && suffix === undefined) return template;
  // Joined rather than concatenated: one flat string, as the output writes it (a concatenation is flattened there).
  const out: string[] = [parts[0]];
  for (let i = 1; i < parts.length; i += 2) out.push(placeText(data, parts[i]), parts[i + 1]);
  if (suffix !== undefined) out.push(suffix);
  return out.join("");
}

/**
 * A finding as the engine makes it: its message is worded from the rule's template and the finding's data each time
 * it is read, rather than kept. A message quotes what the data holds anyway, and kept whole it was the largest part
 * of a large diagnosis's findings: a template of ten places made twenty joined pieces of 32 bytes (a flat copy, two
 * bytes a character for its curly quotes, was larger). Worded when read, the live heap at the end of the rules on
 * the 200 MB CCM bench log (35,622 findings of ten places) fell from 215 to 199 MB. `diagnose` gives plain findings
 * (`plainFinding`), field for field what a kept message gave; a client's result (`diagnoseClient`) keeps these,
 * their evidence made plain once the timeline is gone, and reports word each message as they write it (JSON through
 * `toJSON`); a result sent to another thread is made plain first (`plainOutcome`).
 */
class WordedFinding implements Finding {
  constructor(
    readonly ruleId: string,
    readonly stage: FlowStage,
    readonly severity: Severity,
    readonly messageId: string,
    private readonly template: string,
    readonly remedy: string,
    readonly data: Record<string, string | number>,
    public evidence: Evidence[],
    readonly inferred: true | undefined,
  ) {}

  get message(): string {
    return formatTemplate(this.template, this.data, this.inferred ? ` ${INFERRED_NOTE}` : undefined);
  }

  toJSON(): Finding {
    return plainFinding(this);
  }
}

interface Made {
  finding: Finding;
  foldInto?: number[];
  covers: number[];
}

/** Said of a finding whose failure lines were all recognized by the inferred tier (keywords and codes). */
export const INFERRED_NOTE =
  "(Read from keywords and codes: no known message pattern matched these lines; check the cited lines.)";

/** Whether the failure lines a finding rests on were all inferred (none recognized by a message pattern). */
function restsOnInferred(evidence: PatchEvent[]): true | undefined {
  const failing = evidence.filter((e) => e.severity !== "info" || e.signal);
  return failing.length > 0 &&
    failing.some((e) => e.recognizedBy === "inferred") &&
    !failing.some((e) => e.recognizedBy === "pattern")
    ? true
    : undefined;
}

/**
 * One root cause, one finding: a report that names the stage lines of its incident (`foldInto`) becomes evidence of
 * the finding of another rule that cites one of those lines, on the same stage; without one it stays a finding.
 */
function fold(made: Made[]): Made[] {
  // The stage's own rule first (it explains the failure), then the most severe finding; the first of equals.
  const score = (h: Made): number =>
    (h.finding.ruleId.startsWith(`${h.finding.stage}-`) ? 10 : 0) + RANK[h.finding.severity];
  // Only the lines some report would fold into are looked up: those alone are indexed.
  const wanted = new Set<number>();
  for (const m of made) if (m.foldInto) for (const seq of m.foldInto) wanted.add(seq);
  if (wanted.size === 0) return made;
  // Which findings that fold into none cite each line (indexes into `made`), kept up to date as evidence joins them.
  const citing = new Map<number, number[]>();
  const cite = (seq: number, i: number): void => {
    if (!wanted.has(seq)) return;
    const list = citing.get(seq);
    if (list) list.push(i);
    else citing.set(seq, [i]);
  };
  made.forEach((h, i) => {
    if (!h.foldInto?.length) for (const e of h.finding.evidence) cite(e.seq, i);
  });
  const out: Made[] = [];
  for (const m of made) {
    if (!m.foldInto?.length) {
      out.push(m);
      continue;
    }
    let host = -1;
    let best = 0;
    for (const seq of m.foldInto) {
      for (const i of citing.get(seq) ?? []) {
        const h = made[i];
        if (i === host || h.finding.stage !== m.finding.stage) continue;
        const s = score(h);
        if (host < 0 || s > best || (s === best && i < host)) {
          host = i;
          best = s;
        }
      }
    }
    if (host < 0) {
      out.push(m);
      continue;
    }
    const h = made[host];
    const have = new Set(h.finding.evidence.map((e) => e.seq));
    for (const e of m.finding.evidence)
      if (!have.has(e.seq)) {
        h.finding.evidence.push(e);
        cite(e.seq, host);
      }
    h.covers.push(...m.covers);
  }
  return out;
}

/** Runs every enabled rule over a client's timeline and sums the findings up per stage. */
export function diagnose(tl: Timeline, rules: readonly Rule[], opts: DiagnoseOptions = {}): Diagnosis {
  const d = diagnoseWorded(tl, rules, opts);
  d.findings = plainFindings(d.findings);
  return d;
}

/** The findings as plain objects (`plainFinding`), their evidence plain copies (`PlainEvidence`). */
function plainFindings(findings: readonly Finding[], evidence = new PlainEvidence()): Finding[] {
  return findings.map((f) => plainFinding(f, evidence.all(f.evidence)));
}

/**
 * `diagnose`, with findings that word their message when it is read (see `WordedFinding`) and evidence read from the
 * timeline's events (see `EvidenceTable`), so that neither a message nor a cited line is held twice while the
 * timeline is: for a caller that lets go of the timeline's events first and then makes the evidence plain
 * (`PlainEvidence`) before the timeline's spill file is released (`diagnoseClient`).
 */
export function diagnoseWorded(tl: Timeline, rules: readonly Rule[], opts: DiagnoseOptions = {}): Diagnosis {
  for (const id of Object.keys(opts.levels ?? {})) {
    if (!rules.some((r) => r.id === id)) throw new UsageError(`--rule ${id}: no such rule (see 'patchflow rules')`);
  }
  const newest = timesOf(tl.events).newest;
  const now = opts.now ?? newest;
  const ruleOptions: RuleOptions = {
    now: now ?? 0,
    maxSyncAgeDays: opts.maxSyncAgeDays ?? 8,
    maxCatalogAgeDays: opts.maxCatalogAgeDays ?? 45,
    tz: parseTimeConvention(opts.tz),
  };
  const logs = new Set<PatchEvent["log"]>();
  for (const e of tl.events) logs.add(e.log);
  const ctx = new RuleContext(tl.events, tl.runs, logs, ruleOptions);
  // What the findings keep: their strings flat and shared where identical, one evidence object per line cited.
  const strings = new KeptStrings();
  const evidence = new EvidenceTable();
  const run = (rule: Rule, made: Made[]): void => {
    const level = opts.levels?.[rule.id];
    if (level === "off") return;
    // Each report becomes a finding as it is made, so that what the finding keeps is made compact while it is young
    // and the reports themselves die young.
    let misreported: Error | undefined;
    const take = (r: Report): void => {
      const template = rule.messages[r.messageId];
      if (template === undefined)
        throw (misreported = new Error(`rule ${rule.id} reported unknown message id ${r.messageId}`));
      // The data's strings are kept in place (a frozen object is copied first).
      const data = r.data === undefined ? {} : Object.isFrozen(r.data) ? { ...r.data } : r.data;
      const stage = r.stage ?? (rule.stage === "flow" ? undefined : rule.stage);
      if (!stage) throw (misreported = new Error(`rule ${rule.id} reported no stage`));
      for (const k in data) {
        const v = data[k];
        if (typeof v === "string") data[k] = strings.own(v);
      }
      const inferred = restsOnInferred(r.evidence);
      const severity = level ?? r.severity ?? rule.defaultSeverity;
      const remedy = strings.own(formatTemplate(rule.remedy, data));
      const cited = r.evidence.map((e) => evidence.of(e));
      const finding = new WordedFinding(rule.id, stage, severity, r.messageId, template, remedy, data, cited, inferred);
      made.push({ finding, foldInto: r.foldInto, covers: (r.covers ?? []).map((e) => e.seq) });
      ctx.pacer.pace();
    };
    try {
      ctx.pacer.check();
      rule.check(ctx, take);
    } catch (err) {
      if (err === misreported) throw err;
      throw new Error(`rule ${rule.id} failed: ${(err as Error).message}`, { cause: err });
    }
  };
  const early: Made[] = [];
  for (const rule of rules) if (!rule.late) run(rule, early);
  const kept = fold(early);
  for (const m of kept) {
    for (const e of m.finding.evidence) ctx.explained.add(e.seq);
    for (const seq of m.covers) ctx.explained.add(seq);
  }
  // The late rules read the lines and the runs: what only the early rules looked up (the scans, the stages' runs)
  // is let go.
  ctx.forget();
  const late: Made[] = [];
  for (const rule of rules) if (rule.late) run(rule, late);
  // A program failure no early finding took in may belong with a late one (the stage's unexplained errors).
  for (const m of late) kept.push(m);
  const findings = fold(kept).map((m) => m.finding);
  findings.sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      FLOW_STAGES.indexOf(a.stage) - FLOW_STAGES.indexOf(b.stage) ||
      (a.evidence[0]?.seq ?? -1) - (b.evidence[0]?.seq ?? -1) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of findings) counts[f.severity]++;
  const stages = FLOW_STAGES.map((s) => summarize(s, ctx, tl, findings));
  ctx.close();
  return {
    schema: DIAGNOSIS_SCHEMA.name,
    version: DIAGNOSIS_SCHEMA.version,
    now: now === undefined ? null : new Date(now).toISOString(),
    nowSource: opts.now !== undefined ? "option" : now !== undefined ? "newest-event" : "none",
    stages,
    findings,
    counts,
  };
}

function summarize(stage: FlowStage, ctx: RuleContext, tl: Timeline, findings: Finding[]): StageSummary {
  const events = stageLines(ctx, stage).events;
  const logs = [...new Set(tl.report.stats.filter((s) => s.stage === stage).map((s) => s.file))];
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f.stage === stage) n[f.severity]++;
  let verdict: Verdict;
  if (events.length === 0 && logs.length === 0) verdict = "no evidence";
  else verdict = n.error ? "failed" : n.warning ? "warning" : "ok";
  // Verdicts follow evidence, whichever rules ran: the newest run that did not end or failed is never "ok", and the
  // program executions' verdict agrees with their failures (reported under the stage of the program they carry).
  if (verdict === "ok" || verdict === "warning") verdict = worst(verdict, runVerdict(stage, ctx));
  const runs = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
  const last = runs.length ? runs[runs.length - 1] : undefined;
  const summary: StageSummary = {
    stage,
    verdict,
    logs,
    runs: runs.length,
    facts: facts(stage, ctx, events),
    findings: n,
  };
  if (last) {
    const first = ctx.firstEvent(last);
    summary.lastRun = {
      startUtc: first.time.utc,
      startLocal: first.time.local,
      result: last.result,
      file: last.file,
      line: first.line,
    };
  }
  return summary;
}

const VERDICT_RANK: Record<Verdict, number> = { "no evidence": 0, ok: 1, warning: 2, failed: 3 };

function worst(a: Verdict, b: Verdict | undefined): Verdict {
  return b && VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a;
}

/** What the stage's runs alone say: its newest run did not end or failed; for executions, per program. */
function runVerdict(stage: FlowStage, ctx: RuleContext): Verdict | undefined {
  if (stage === "execution") {
    const latest = new Map<string, Run>();
    let anyFailed = false;
    for (const r of ctx.runsOf("execution")) {
      latest.set(programKey(r.program), r);
      if (r.result === "failure") anyFailed = true;
    }
    if ([...latest.values()].some((r) => r.result === "failure")) return "failed";
    return anyFailed ? "warning" : undefined;
  }
  const runs = ctx.runsOf(stage);
  const last = runs[runs.length - 1];
  if (!last) return undefined;
  if (last.result === "failure" || (typeof last.exitCode === "number" && !SUCCESS_EXIT.has(last.exitCode)))
    return "failed";
  if (last.result === "did-not-end") return "warning";
  return undefined;
}

function facts(stage: FlowStage, ctx: RuleContext, events: readonly PatchEvent[]): string[] {
  const out: string[] = [];
  const runs = stage === "execution" ? ctx.runsOf("execution") : ctx.runsOf(stage);
  if (runs.length) {
    const byResult = new Map<string, number>();
    for (const r of runs) byResult.set(r.result, (byResult.get(r.result) ?? 0) + 1);
    out.push(
      `${runs.length} run${runs.length === 1 ? "" : "s"}: ${[...byResult].map(([k, v]) => `${v} ${k}`).join(", ")}`,
    );
  } else if (events.length) out.push(`${events.length} event${events.length === 1 ? "" : "s"}, no complete run found`);
  if (stage === "execution") {
    // Which programs' latest runs failed, and where their findings are (the stage of the program they carry).
    const latest = new Map<string, Run>();
    for (const r of runs) latest.set(programKey(r.program), r);
    for (const r of latest.values()) {
      if (r.result !== "failure") continue;
      const owner = stageOfProgram(r.program);
      const first = ctx.firstEvent(r);
      out.push(
        `latest run of ${r.program ?? "a program"} failed (${showTime(first.time.utc, first.time.local, ctx.tz)})${owner ? `: see the ${owner} findings` : ""}`,
      );
    }
  }
  let lastCatalog: PatchEvent | undefined;
  for (let i = events.length - 1; i >= 0 && !lastCatalog; i--)
    if (typeof events[i].fields.catalogDate === "string") lastCatalog = events[i];
  if (lastCatalog)
    out.push(
      `catalog date ${lastCatalog.fields.catalogDate as string} (${lastCatalog.file.split("/").pop()}:${lastCatalog.line})`,
    );
  if (stage === "scan") {
    const applicable = new Set<string>();
    for (const e of ctx.ofKind("scan.patch.applicable"))
      applicable.add(String(e.fields.kb ?? e.fields.bulletin ?? e.message));
    if (applicable.size) out.push(`${applicable.size} patch${applicable.size === 1 ? "" : "es"} reported applicable`);
  }
  if (stage === "install") {
    const exits = ctx.ofKind("install.patch.exit");
    if (exits.length)
      out.push(
        `${exits.length} patch install${exits.length === 1 ? "" : "s"}: exit codes ${[...distinct(exits, (e) => e.fields.exitCode)].join(", ")}`,
      );
  }
  return out;
}

/** The distinct values of `key` over `items`, in first-seen order (without an array of every value first). */
function distinct<T, K>(items: readonly T[], key: (x: T) => K): Set<K> {
  const out = new Set<K>();
  for (const x of items) out.add(key(x));
  return out;
}

/** Whether a diagnosis has findings at or above the threshold. */
export function hasFindingsAtOrAbove(d: Diagnosis, threshold: Severity): boolean {
  return d.findings.some((f) => RANK[f.severity] >= RANK[threshold]);
}
