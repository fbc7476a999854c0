import { createHash } from "node:crypto";
import type { PatchEvent, Severity } from "../model/event.js";
import { SUCCESS_EXIT } from "../model/run.js";
import type { Run } from "../model/run.js";
import {
  FLOW_STAGES,
  type Evidence,
  type Finding,
  type FlowStage,
  type StageSummary,
  type Verdict,
} from "../model/finding.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { safeText } from "../text/terminal.js";
import { clip as clipText, escapeHtml } from "../text/html.js";
import { REPORT_CSS, REPORT_JS } from "./html-assets.js";
import { fleetUpdatesBlock, updatesBlock } from "./updates-html.js";
import { sizeText } from "../input/select.js";
import { parseTimeConvention, showTime, type TimeConvention } from "../time/show.js";
import { localAsUtc } from "../time/time.js";

/** At most this many events per run go into the page; the details panel says when there are more. */
export const HTML_EVENTS_PER_RUN = 200;
const MESSAGE_MAX = 500;
const EVIDENCE_SHOWN = 20;
const WORST_CLIENTS = 10;

const STAGE_TITLE: Record<FlowStage, string> = {
  sync: "1 catalog sync",
  scan: "2 client scan",
  inventory: "3 hardware inventory",
  install: "4 patch install",
  execution: "program execution",
};

const VERDICTS: readonly Verdict[] = ["ok", "warning", "failed", "no evidence"];

export { escapeHtml };

/** JSON that can sit inside a <script> element: nothing in it can close the element or start a comment. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function clip(s: string, max = MESSAGE_MAX): string {
  return clipText(s, max);
}

function verdictClass(v: Verdict): string {
  return v === "no evidence" ? "v-none" : `v-${v}`;
}

/** A time as the report shows it: the convention of the tables and Markdown (`--tz`), to the second. */
function toSecond(utc: string | null, local: string | null, tz: TimeConvention): string {
  return showTime(utc, local, tz, "second");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

// ---------------------------------------------------------------------------------------------------------------
// Timeline data for the inline script: only what it draws.

interface TlEvent {
  t: string;
  u: 0 | 1;
  k: string;
  s: Severity;
  m: string;
  f: number;
  l: number;
}
/** How a run is coloured: its result, made worse by the error or warning lines inside it. */
export type RunOutcome = Run["result"] | "errors" | "warnings";
interface TlRun {
  lane: FlowStage;
  r: Run["result"];
  o: RunOutcome;
  s: number;
  e: number;
  u: 0 | 1;
  loc: 0 | 1;
  label: string;
  head: string;
  sub: string;
  f: number;
  l0: number;
  l1: number;
  n: number;
  ev: TlEvent[];
}
interface TlMark {
  stage: FlowStage;
  t: number;
  sev: Severity;
  u: 0 | 1;
  href: string;
  title: string;
}

/**
 * A run's worst outcome: a run that ended but holds error lines (a patch that failed with 1603 inside a
 * PatchInstall run that completed) or a failing exit code is not a success; one with warning lines is marked so.
 */
export function runOutcome(r: Pick<Run, "result" | "errors" | "warnings" | "exitCode">): RunOutcome {
  if (r.result !== "success") return r.result;
  if (r.errors > 0 || (r.exitCode !== undefined && !SUCCESS_EXIT.has(r.exitCode))) return "errors";
  return r.warnings > 0 ? "warnings" : "success";
}

const OUTCOME_TEXT: Record<RunOutcome, string> = {
  success: "success",
  failure: "failure",
  "did-not-end": "did not end",
  errors: "ended, with errors inside",
  warnings: "ended, with warnings inside",
};
interface TlClient {
  axis: string;
  start: number;
  end: number;
  now: number | null;
  files: string[];
  lanes: Array<{ stage: FlowStage; title: string; verdict: Verdict; vclass: string }>;
  runs: TlRun[];
  marks: TlMark[];
  untimedRuns: number;
}

/** The bias (UTC = local + bias minutes) most of the client's trustworthy times show: its clock's zone. */
function machineBias(events: PatchEvent[]): number | undefined {
  const votes = new Map<number, number>();
  for (const e of events) {
    if (!e.timeUncertain && e.time.utc && typeof e.time.bias === "number")
      votes.set(e.time.bias, (votes.get(e.time.bias) ?? 0) + 1);
  }
  let best: number | undefined;
  let n = 0;
  for (const [b, c] of votes) if (c > n) [best, n] = [b, c];
  return best;
}

/** Where a time sits on the axis: UTC when known, else local time shifted by the machine's bias. */
function placer(
  bias: number | undefined,
): (utc: string | null, local: string | null) => { ms: number; local: boolean } | undefined {
  return (utc, local) => {
    if (utc) {
      const ms = Date.parse(utc);
      if (!Number.isNaN(ms)) return { ms, local: false };
    }
    if (local) {
      const ms = localAsUtc(local);
      if (!Number.isNaN(ms)) return { ms: ms + (bias ?? 0) * 60_000, local: true };
    }
    return undefined;
  };
}

function timelineData(c: ClientResult, index: number, tz: TimeConvention): TlClient {
  const events = c.events ?? [];
  const runs = c.runs ?? [];
  const bySeq = new Map<number, PatchEvent>();
  for (const e of events) bySeq.set(e.seq, e);
  const bias = machineBias(events);
  const place = placer(bias);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (f: string): number => {
    let i = fileIndex.get(f);
    if (i === undefined) {
      i = files.length;
      files.push(safeText(f));
      fileIndex.set(f, i);
    }
    return i;
  };
  const anyUtc = events.some((e) => e.time.utc);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const out: TlRun[] = [];
  let untimed = 0;
  for (const r of runs) {
    const evs = r.events.map((s) => bySeq.get(s)).filter((e): e is PatchEvent => e !== undefined);
    const times = evs.map((e) => place(e.time.utc, e.time.local)).filter((t) => t !== undefined);
    if (!times.length) {
      untimed++;
      continue;
    }
    const first = r.start !== undefined ? bySeq.get(r.start) : evs[0];
    const last = r.end !== undefined ? bySeq.get(r.end) : evs[evs.length - 1];
    const ms = times.map((t) => t.ms);
    const s = Math.min(...ms);
    const e = Math.max(...ms);
    lo = Math.min(lo, s);
    hi = Math.max(hi, e);
    const loc = times.every((t) => t.local);
    const unc = evs.some((x) => x.timeUncertain);
    const what = r.type === "execution" ? `program ${r.program ?? "(unnamed)"}` : `${r.type} run`;
    const result = r.result === "did-not-end" ? "did not end" : r.result;
    const exit = r.exitCode !== undefined ? `, exit code ${r.exitCode}` : "";
    const startText = first ? toSecond(first.time.utc, first.time.local, tz) : "(start not in the logs)";
    const endText =
      r.result === "did-not-end" ? "no end in the logs" : last ? toSecond(last.time.utc, last.time.local, tz) : "?";
    const counts = [
      plural(r.events.length, "event"),
      r.errors ? plural(r.errors, "error") : "",
      r.warnings ? plural(r.warnings, "warning") : "",
    ]
      .filter(Boolean)
      .join(", ");
    const notes = [
      loc ? (bias !== undefined ? "local time, placed by the machine's usual offset" : "local time") : "",
      unc ? "time uncertain" : "",
    ]
      .filter(Boolean)
      .join("; ");
    const outcome = runOutcome(r);
    out.push({
      lane: r.type,
      r: r.result,
      o: outcome,
      s,
      e,
      u: unc ? 1 : 0,
      loc: loc && anyUtc ? 1 : 0,
      label: clip(r.type === "execution" ? (r.program ?? "(unnamed program)") : result, 60),
      head: clip(
        `${what}: ${result}${exit}${outcome === "errors" || outcome === "warnings" ? ` (${OUTCOME_TEXT[outcome].replace(/^ended, /, "")})` : ""}`,
        200,
      ),
      sub: `${startText} → ${endText} (${durationText(e - s)}) · ${safeText(r.file)}:${r.firstLine}–${r.lastLine} · ${counts}${notes ? ` · ${notes}` : ""}`,
      f: fileOf(r.file),
      l0: r.firstLine,
      l1: r.lastLine,
      n: evs.length,
      ev: evs.slice(0, HTML_EVENTS_PER_RUN).map((x) => ({
        t: toSecond(x.time.utc, x.time.local, tz),
        u: x.timeUncertain ? 1 : 0,
        k: safeText(x.kind),
        s: x.severity,
        m: clip(x.message),
        f: fileOf(x.file),
        l: x.line,
      })),
    });
  }
  const marks: TlMark[] = [];
  c.diagnosis.findings.forEach((f, i) => {
    const ev = f.evidence[0];
    const t = ev ? place(ev.utc, ev.local) : undefined;
    if (!ev || !t) return;
    lo = Math.min(lo, t.ms);
    hi = Math.max(hi, t.ms);
    marks.push({
      stage: f.stage,
      t: t.ms,
      sev: f.severity,
      u: t.local ? 1 : 0,
      href: `#${findingId(index, i)}`,
      title: clip(
        `${f.severity.toUpperCase()} ${f.ruleId}: ${f.message}\n${ev.file}:${ev.line} ${toSecond(ev.utc, ev.local, tz)}`,
        400,
      ),
    });
  });
  const now = c.diagnosis.now ? Date.parse(c.diagnosis.now) : null;
  if (!Number.isFinite(lo)) lo = hi = now ?? 0;
  return {
    axis: anyUtc ? "UTC" : "local time as written (these logs carry no time zone)",
    start: lo,
    end: hi,
    now: now !== null && Number.isFinite(now) ? now : null,
    files,
    lanes: c.diagnosis.stages.map((s) => ({
      stage: s.stage,
      title: STAGE_TITLE[s.stage],
      verdict: s.verdict,
      vclass: verdictClass(s.verdict),
    })),
    runs: out,
    marks,
    untimedRuns: untimed,
  };
}

function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

// ---------------------------------------------------------------------------------------------------------------
// Markup.

function findingId(client: number, finding: number): string {
  return `c${client}-f${finding + 1}`;
}

function verdictBadge(v: Verdict): string {
  return `<span class="verdict ${verdictClass(v)}">${escapeHtml(v)}</span>`;
}

function lastRunCell(s: StageSummary, tz: TimeConvention): string {
  if (!s.lastRun) return `<span class="none">none</span>`;
  const lr = s.lastRun;
  return `${escapeHtml(toSecond(lr.startUtc, lr.startLocal, tz))} <strong>${escapeHtml(lr.result)}</strong><br><span class="small mono">${escapeHtml(lr.file)}:${lr.line}</span>`;
}

function stageTable(stages: StageSummary[], tz: TimeConvention): string {
  const rows = stages.map((s) => {
    const n = s.findings;
    const findings =
      [
        n.error ? plural(n.error, "error") : "",
        n.warning ? plural(n.warning, "warning") : "",
        n.info ? `${n.info} info` : "",
      ]
        .filter(Boolean)
        .join(", ") || "–";
    const facts = s.facts.length
      ? `<ul>${s.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`
      : `<span class="none">–</span>`;
    return `<tr class="${verdictClass(s.verdict)}" data-stage="${s.stage}"><th scope="row">${escapeHtml(STAGE_TITLE[s.stage])}</th><td>${verdictBadge(s.verdict)}</td><td>${lastRunCell(s, tz)}</td><td class="num">${s.runs}</td><td>${escapeHtml(findings)}</td><td>${facts}</td></tr>`;
  });
  return `<table class="stages"><thead><tr><th>stage</th><th>verdict</th><th>last run</th><th class="num">runs</th><th>findings</th><th>facts</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function evidenceRows(ev: Evidence[], tz: TimeConvention): string {
  if (!ev.length) return `<p class="small">No log line to point at: the finding is about what is missing.</p>`;
  const rows = ev
    .slice(0, EVIDENCE_SHOWN)
    .map(
      (e) =>
        `<tr><td class="mono">${escapeHtml(e.file)}:${e.line}</td><td class="mono nowrap">${escapeHtml(toSecond(e.utc, e.local, tz))}</td><td class="msg">${escapeHtml(clip(e.message))}</td></tr>`,
    );
  const more =
    ev.length > EVIDENCE_SHOWN
      ? `<p class="small">+${ev.length - EVIDENCE_SHOWN} more lines (the JSON output lists them all).</p>`
      : "";
  return `<table class="evidence"><thead><tr><th>file:line</th><th>time</th><th>message</th></tr></thead><tbody>${rows.join("")}</tbody></table>${more}`;
}

function findingItem(f: Finding, client: number, i: number, tz: TimeConvention): string {
  return (
    `<li class="finding sev-${f.severity}" id="${findingId(client, i)}" data-rule="${escapeHtml(f.ruleId)}" data-stage="${f.stage}" data-severity="${f.severity}">` +
    `<div class="f-head"><span class="badge sev-${f.severity}">${f.severity}</span><code class="rule" title="${escapeHtml(`src/rules/${f.ruleId}/README.md`)}">${escapeHtml(f.ruleId)}</code><span class="small">${escapeHtml(STAGE_TITLE[f.stage])}</span></div>` +
    `<p class="f-msg">${escapeHtml(f.message)}</p>` +
    `<p class="f-remedy"><strong>What to do:</strong> ${escapeHtml(f.remedy)}</p>` +
    evidenceRows(f.evidence, tz) +
    `</li>`
  );
}

function findingsBlock(c: ClientResult, index: number, tz: TimeConvention): string {
  const d = c.diagnosis;
  if (!d.findings.length) return `<h3>Findings</h3><p class="none">No findings.</p>`;
  const head = `<h3>Findings: ${plural(d.counts.error, "error")}, ${plural(d.counts.warning, "warning")}, ${d.counts.info} info</h3>`;
  return `${head}${findingsFilter(c, index)}<ol class="findings" data-client="${index}">${d.findings.map((f, i) => findingItem(f, index, i, tz)).join("")}</ol>`;
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Filter and search controls for a client's findings; hidden until the script wires them up. */
function findingsFilter(c: ClientResult, index: number): string {
  const d = c.diagnosis;
  const stages = FLOW_STAGES.filter((s) => d.findings.some((f) => f.stage === s));
  const stageSelect = `<label>stage <select class="ff-stage"><option value="">all stages</option>${stages.map((s) => `<option value="${s}">${escapeHtml(STAGE_TITLE[s])}</option>`).join("")}</select></label>`;
  const sevBoxes = SEVERITIES.map(
    (s) =>
      `<label class="ff-sev"><input type="checkbox" value="${s}" checked${d.counts[s] ? "" : " disabled"}><span class="badge sev-${s}">${s}</span> ${d.counts[s]}</label>`,
  ).join("");
  const search = `<label>search <input type="search" class="ff-text" placeholder="rule, message, remedy, file" aria-label="Search the findings" size="28"></label>`;
  return `<div class="f-filter" role="search" data-client="${index}" hidden>${stageSelect}<span class="ff-sevs">${sevBoxes}</span>${search}<span class="ff-count small" aria-live="polite"></span></div>`;
}

const LEGEND =
  `<div class="legend">` +
  `<span class="lg-title">runs:</span>` +
  `<span><span class="sw r-success"></span>success</span>` +
  `<span><span class="sw r-warnings"></span>${OUTCOME_TEXT.warnings}</span>` +
  `<span><span class="sw r-errors"></span>${OUTCOME_TEXT.errors} (e.g. a patch failed) or a failing exit code</span>` +
  `<span><span class="sw r-failure"></span>failure</span>` +
  `<span><span class="sw r-did-not-end"></span>did not end (no end line in the log)</span>` +
  `<span><span class="sw unc"></span>dashed: a time is uncertain (no reliable zone)</span>` +
  `<span><span class="sw loc"></span>dotted: no UTC in the log, placed by local time and the machine's usual offset</span>` +
  `</div><div class="legend">` +
  `<span class="lg-title">findings, at their first evidence line (click to go to one):</span>` +
  SEVERITIES.map((sev) => `<span><span class="mk sev-${sev}"></span>${sev}</span>`).join("") +
  `<span><span class="mk sev-error mk-n">3</span>findings at one place: the worst on top, with their number</span>` +
  `<span><span class="nw"></span>reference time</span>` +
  `</div>`;

function timelineBlock(tl: TlClient, index: number): string {
  const untimed = tl.untimedRuns
    ? `<p class="small">${plural(tl.untimedRuns, "run")} without any time in the logs not drawn.</p>`
    : "";
  const axis =
    tl.axis === "UTC"
      ? "Times in UTC; bars span a run's first to last line."
      : `Times are ${escapeHtml(tl.axis)}, shown as written; they cannot be compared with other machines'.`;
  return (
    `<h3>Timeline</h3><p class="small">${axis}</p>${LEGEND}` +
    `<div class="timeline" data-client="${index}"><noscript>The timeline needs JavaScript; the stage table above and the findings below carry the same diagnosis.</noscript></div>${untimed}`
  );
}

function filesBlock(c: ClientResult): string {
  const warn = c.warnings.length
    ? `<div class="warnings"><strong>Input notes</strong><ul>${c.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></div>`
    : "";
  const rows = c.files.map((f) => {
    const unparsed = Object.values(f.unparsed).reduce((n, u) => n + (u?.lines ?? 0), 0);
    return `<tr><td class="mono">${escapeHtml(f.file)}</td><td>${escapeHtml(f.log)}</td><td>${escapeHtml(f.encoding)}</td><td class="num">${f.lines}</td><td class="num">${f.records}</td><td class="num">${unparsed}</td><td>${f.error ? escapeHtml(f.error) : ""}</td></tr>`;
  });
  const table = `<details><summary>Logs read: ${plural(c.files.length, "file")}, ${plural(c.unparsed, "unparsed span")}</summary><table><thead><tr><th>file</th><th>log</th><th>encoding</th><th class="num">lines</th><th class="num">records</th><th class="num">unparsed lines</th><th>error</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>`;
  return warn + table;
}

/** Logs found that no stage uses: listed with their size, not read. */
function notReadBlock(c: ClientResult): string {
  const skipped = c.skipped ?? [];
  const excluded = c.excluded ? `<p class="small">${plural(c.excluded, "log")} left out by --exclude.</p>` : "";
  if (!skipped.length) return excluded;
  const bytes = skipped.reduce((n, s) => n + s.bytes, 0);
  const rows = skipped.map(
    (s) => `<tr><td class="mono">${escapeHtml(s.file)}</td><td class="num">${escapeHtml(sizeText(s.bytes))}</td></tr>`,
  );
  return `<details class="not-read"><summary>Logs not read: ${plural(skipped.length, "log")} that no stage uses (${escapeHtml(sizeText(bytes))}); --all-logs or --include reads them</summary><table><thead><tr><th>file</th><th class="num">size</th></tr></thead><tbody>${rows.join("")}</tbody></table></details>${excluded}`;
}

function referenceLine(c: ClientResult, tz: TimeConvention): string {
  const d = c.diagnosis;
  const ref = d.now
    ? `${toSecond(d.now, null, tz)}${d.nowSource === "newest-event" ? " (the newest event)" : d.nowSource === "option" ? " (given)" : ""}`
    : "none (the logs carry no time)";
  return `<p class="sub">Reference time: ${escapeHtml(ref)}</p>`;
}

function clientBody(c: ClientResult, index: number, tl: TlClient, tz: TimeConvention): string {
  return (
    referenceLine(c, tz) +
    stageTable(c.diagnosis.stages, tz) +
    timelineBlock(tl, index) +
    findingsBlock(c, index, tz) +
    updatesBlock(c.updates, tz) +
    filesBlock(c) +
    notReadBlock(c)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Fleet overview.

function chip(n: number, cls: string): string {
  return `<span class="chip ${cls}${n ? "" : " zero"}">${n}</span>`;
}

function fleetOverview(result: RunResult): string {
  const cs = result.clients;
  const out: string[] = [
    `<h2 id="overview">Overview</h2>`,
    `<p class="sub">${plural(cs.length, "client")} diagnosed${result.failedClients.length ? `, ${result.failedClients.length} could not be read` : ""}. Each client's reference time is the newest event in its own logs.</p>`,
  ];
  const stageRows = FLOW_STAGES.map((stage) => {
    const n: Record<Verdict, number> = { ok: 0, warning: 0, failed: 0, "no evidence": 0 };
    for (const c of cs) {
      const s = c.diagnosis.stages.find((x) => x.stage === stage);
      if (s) n[s.verdict]++;
    }
    return `<tr data-stage="${stage}"><th scope="row">${escapeHtml(STAGE_TITLE[stage])}</th>${VERDICTS.map((v) => `<td class="num" data-verdict="${v}">${chip(n[v], verdictClass(v))}</td>`).join("")}</tr>`;
  });
  out.push(
    `<h3>Stages: clients per verdict</h3><table class="fleet-stages"><thead><tr><th>stage</th>${VERDICTS.map((v) => `<th class="num">${v}</th>`).join("")}</tr></thead><tbody>${stageRows.join("")}</tbody></table>`,
  );

  const byRule = new Map<string, { findings: number; clients: Set<number>; severity: Severity }>();
  const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
  cs.forEach((c, i) => {
    for (const f of c.diagnosis.findings) {
      const r = byRule.get(f.ruleId) ?? { findings: 0, clients: new Set<number>(), severity: f.severity };
      r.findings++;
      r.clients.add(i);
      if (RANK[f.severity] > RANK[r.severity]) r.severity = f.severity;
      byRule.set(f.ruleId, r);
    }
  });
  const rules = [...byRule].sort(
    (a, b) => b[1].clients.size - a[1].clients.size || b[1].findings - a[1].findings || a[0].localeCompare(b[0]),
  );
  if (rules.length) {
    const rows = rules.map(([id, r]) => {
      const links =
        [...r.clients]
          .slice(0, 12)
          .map((i) => `<a href="#client-${i}">${escapeHtml(cs[i].client)}</a>`)
          .join(", ") + (r.clients.size > 12 ? ", …" : "");
      return `<tr data-rule="${escapeHtml(id)}"><td><code>${escapeHtml(id)}</code></td><td><span class="badge sev-${r.severity}">${r.severity}</span></td><td class="num">${r.findings}</td><td class="num">${r.clients.size}</td><td>${links}</td></tr>`;
    });
    out.push(
      `<h3>Most frequent findings</h3><table class="fleet-rules"><thead><tr><th>rule</th><th>severity</th><th class="num">findings</th><th class="num">clients</th><th>where</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    );
  } else out.push(`<h3>Most frequent findings</h3><p class="none">No findings on any client.</p>`);

  const ranked = cs
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        b.c.diagnosis.counts.error - a.c.diagnosis.counts.error ||
        b.c.diagnosis.counts.warning - a.c.diagnosis.counts.warning ||
        a.c.client.localeCompare(b.c.client),
    );
  const clientRow = ({ c, i }: { c: ClientResult; i: number }): string =>
    `<tr><td><a href="#client-${i}">${escapeHtml(c.client)}</a></td><td class="num">${c.diagnosis.counts.error}</td><td class="num">${c.diagnosis.counts.warning}</td>${c.diagnosis.stages.map((s) => `<td>${verdictBadge(s.verdict)}</td>`).join("")}</tr>`;
  const head = `<thead><tr><th>client</th><th class="num">errors</th><th class="num">warnings</th>${FLOW_STAGES.map((s) => `<th>${escapeHtml(STAGE_TITLE[s])}</th>`).join("")}</tr></thead>`;
  const worst = ranked
    .filter((x) => x.c.diagnosis.counts.error || x.c.diagnosis.counts.warning)
    .slice(0, WORST_CLIENTS);
  out.push(
    worst.length
      ? `<h3>Worst clients</h3><table class="fleet-worst">${head}<tbody>${worst.map(clientRow).join("")}</tbody></table>`
      : `<h3>Worst clients</h3><p class="none">No client has errors or warnings.</p>`,
  );
  out.push(
    `<details><summary>All ${plural(cs.length, "client")}</summary><table class="fleet-all">${head}<tbody>${[...cs.keys()].map((i) => clientRow({ c: cs[i], i })).join("")}</tbody></table></details>`,
  );
  out.push(fleetUpdatesBlock(cs.map((c) => ({ client: c.client, updates: c.updates }))));
  if (result.failedClients.length) {
    out.push(
      `<div class="warnings"><strong>Clients that could not be read</strong><ul>${result.failedClients.map((f) => `<li><strong>${escapeHtml(f.client)}</strong>: ${escapeHtml(f.error)}</li>`).join("")}</ul></div>`,
    );
  }
  return out.join("");
}

// ---------------------------------------------------------------------------------------------------------------

export interface HtmlOptions {
  /** The time convention (`--tz`); the one the result was made with when not given. */
  tz?: TimeConvention;
}

/** The whole report as one self-contained HTML file: no network, inline style and script allowed by hash only. */
export function toHtml(result: RunResult, opts: HtmlOptions = {}): string {
  const tz = opts.tz ?? parseTimeConvention(result.tz);
  const tls = result.clients.map((c, i) => timelineData(c, i, tz));
  const single = !result.fleet && result.clients.length === 1;
  const title = single
    ? `Patch flow: ${result.clients[0].client}`
    : result.fleet
      ? `Patch flow: fleet of ${plural(result.clients.length, "client")}`
      : "Patch flow";
  const body: string[] = [
    `<header><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(`${result.tool.name} ${result.tool.version}`)} · input: ${result.inputs.map((p) => `<span class="mono">${escapeHtml(p)}</span>`).join(", ") || "–"}</p></header>`,
  ];
  if (single) body.push(`<main>${clientBody(result.clients[0], 0, tls[0], tz)}</main>`);
  else {
    body.push(`<main>${fleetOverview(result)}`);
    result.clients.forEach((c, i) =>
      body.push(
        `<section class="client" id="client-${i}"><h2>${escapeHtml(c.client)} <a class="small" href="#overview">overview ↑</a></h2>${clientBody(c, i, tls[i], tz)}</section>`,
      ),
    );
    if (!result.clients.length && !result.failedClients.length) body.push(`<p class="none">No clients.</p>`);
    body.push(`</main>`);
  }
  const csp = `default-src 'none'; script-src ${sha256(REPORT_JS)}; style-src ${sha256(REPORT_CSS)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${escapeHtml(`${result.tool.name} ${result.tool.version}`)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.join("\n")}
<script type="application/json" id="patchflow-data">${scriptJson({ clients: tls })}</script>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
