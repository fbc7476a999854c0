import Table from "cli-table3";
import type { Diagnosis } from "../model/diagnosis.js";
import type { Finding, StageSummary, Verdict } from "../model/finding.js";
import type { ClientResult } from "../model/result.js";
import { cell, safeLine, safeText, wrap, type Style } from "../text/terminal.js";
import { LOCAL, UTC, showTime, type TimeConvention } from "../time/show.js";

function verdictCell(v: Verdict, style: Style): string {
  switch (v) {
    case "failed":
      return style("red", "FAILED");
    case "warning":
      return style("yellow", "warning");
    case "ok":
      return style("green", "ok");
    default:
      return style("gray", "no evidence");
  }
}

/** How a text report is laid out: the time convention and, for the terminal, the width to fit. */
export interface TextView {
  tz: TimeConvention;
  /** Columns (terminal output only). */
  width: number;
}

export const DEFAULT_VIEW: TextView = { tz: LOCAL, width: 80 };

function lastRun(s: StageSummary, tz: TimeConvention, resultFirst = false): string {
  if (!s.lastRun) return "-";
  const t = showTime(s.lastRun.startUtc, s.lastRun.startLocal, tz);
  return resultFirst ? `${s.lastRun.result}, ${t}` : `${t} ${s.lastRun.result}`;
}

/** The reference time: an instant, shown in UTC unless a zone was asked for (it belongs to no log's local clock). */
function referenceTime(d: Diagnosis, tz: TimeConvention): string {
  if (!d.now) return "none";
  return `${showTime(d.now, null, tz.kind === "zone" ? tz : UTC)}${d.nowSource === "newest-event" ? ", the newest event" : ""}`;
}

const STAGE_TITLE: Record<StageSummary["stage"], string> = {
  sync: "1 catalog sync",
  scan: "2 client scan",
  inventory: "3 hardware inventory",
  install: "4 patch install",
  execution: "program execution",
};

/** Column layouts by width: four columns from 125 on, the last run inside the facts from 70 on, else a list. */
function stageTable(d: Diagnosis, style: Style, view: TextView): string {
  const width = view.width;
  if (width < 70) {
    const out: string[] = [];
    for (const s of d.stages) {
      out.push(`${STAGE_TITLE[s.stage]}: ${verdictCell(s.verdict, style)}`);
      for (const f of [`last: ${lastRun(s, view.tz, true)}`, ...s.facts.map((f) => cell(f, 400))])
        out.push(...wrap(f, width, "  ", "    "));
    }
    return out.join("\n");
  }
  const wide = width >= 125;
  const lastW = 33;
  // Borders: one more than the columns; each column pads one space either side.
  const factsW = Math.min(80, width - 22 - 13 - (wide ? lastW : 0) - (wide ? 5 : 4));
  const text = (s: string, w: number) =>
    s
      .split("\n")
      .flatMap((l) => wrap(l, w - 2))
      .join("\n");
  const head = wide ? ["stage", "verdict", "last run", "facts"] : ["stage", "verdict", "last run and facts"];
  const t = new Table({
    head,
    wordWrap: false,
    colWidths: wide ? [22, 13, lastW, factsW] : [22, 13, factsW],
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1 },
  });
  for (const s of d.stages) {
    const facts = s.facts.map((f) => cell(f, 400));
    if (wide)
      t.push([
        STAGE_TITLE[s.stage],
        verdictCell(s.verdict, style),
        text(lastRun(s, view.tz), lastW),
        text(facts.join("\n") || "-", factsW),
      ]);
    else
      t.push([
        STAGE_TITLE[s.stage],
        verdictCell(s.verdict, style),
        text([`last: ${lastRun(s, view.tz, true)}`, ...facts].join("\n"), factsW),
      ]);
  }
  return t.toString();
}

export function diagnosisTable(d: Diagnosis, style: Style, title: string, view: TextView = DEFAULT_VIEW): string {
  const out: string[] = [];
  out.push(
    ...wrap(
      style("bold", `Patch flow: ${safeLine(title)}`) +
        " " +
        style("dim", `(reference time ${referenceTime(d, view.tz)})`),
      view.width,
      "",
      "  ",
    ),
  );
  out.push(stageTable(d, style, view));
  if (!d.findings.length) {
    out.push(style("green", "No findings."));
    return out.join("\n");
  }
  out.push("");
  out.push(
    style(
      "bold",
      `Findings: ${d.counts.error} error${d.counts.error === 1 ? "" : "s"}, ${d.counts.warning} warning${d.counts.warning === 1 ? "" : "s"}, ${d.counts.info} info`,
    ),
  );
  const remedies = new Map<string, string>();
  for (const f of d.findings) out.push("", ...findingLines(f, style, view, remedies));
  return out.join("\n");
}

/**
 * A remedy is written out once per rule: a later finding of the same rule with the same remedy refers to the first
 * (`remedies` maps rule id to the remedy already shown).
 */
function remedyText(f: Finding, remedies: Map<string, string>): string {
  if (remedies.get(f.ruleId) === f.remedy) return `as for the first ${f.ruleId} finding above.`;
  if (!remedies.has(f.ruleId)) remedies.set(f.ruleId, f.remedy);
  return f.remedy;
}

function severityLabel(f: Finding, style: Style): string {
  return f.severity === "error"
    ? style("red", "ERROR")
    : f.severity === "warning"
      ? style("yellow", "WARNING")
      : style("cyan", "INFO");
}

function findingLines(f: Finding, style: Style, view: TextView, remedies: Map<string, string>): string[] {
  const w = view.width;
  const lines = [
    `${severityLabel(f, style)} ${style("bold", f.ruleId)} [${f.stage}]${f.inferred ? style("dim", " (inferred)") : ""}`,
    ...wrap(safeText(f.message), w, "  "),
  ];
  for (const e of f.evidence.slice(0, 5)) {
    lines.push(
      ...wrap(
        style("dim", `evidence: ${safeLine(e.file)}:${e.line}  ${showTime(e.utc, e.local, view.tz)}`) +
          "  " +
          cell(e.message, 300),
        w,
        "  ",
        "    ",
      ),
    );
  }
  if (f.evidence.length > 5)
    lines.push(...wrap(style("dim", `(+${f.evidence.length - 5} more lines; --format json lists all)`), w, "  "));
  lines.push(...wrap(`what to do: ${safeText(remedyText(f, remedies))}`, w, "  ", "    "));
  return lines;
}

const COMPACT_LEVEL: Record<Finding["severity"], string> = { error: "Error", warning: "Warning", info: "Info" };

/**
 * One line a finding, like ESLint's `compact` formatter: `file: line N, Error - message (rule-id)`; a finding
 * without evidence is placed at the client. Ends with the count of problems.
 */
export function diagnosisCompact(d: Diagnosis, title: string): string {
  const out: string[] = [];
  for (const f of d.findings) {
    const e = f.evidence[0];
    const where = e ? `${cell(e.file, 1000)}: line ${e.line}, ` : `${cell(title, 1000)}: `;
    out.push(`${where}${COMPACT_LEVEL[f.severity]} - ${cell(f.message, 100_000)} (${f.ruleId})`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}

export function compactTotal(counts: Record<Finding["severity"], number>): string {
  const n = counts.error + counts.warning + counts.info;
  return `${n} problem${n === 1 ? "" : "s"} (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}, ${counts.info} info)\n`;
}

/** Text in Markdown: every character with a meaning (HTML, links, emphasis, tables) escaped, on one line. */
export function mdEscape(s: string): string {
  return safeText(s)
    .replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, " ");
}

/**
 * A Markdown code span holding any text: backslash escapes do not work inside one, so its fence is one backtick
 * longer than the longest run of backticks in the text, and padded with a space where the text starts or ends with
 * a backtick or a space (CommonMark strips one). Nothing inside a code span is read as HTML.
 */
export function mdCode(s: string): string {
  const t = safeText(s).replace(/\r\n|\r|\n/g, " ");
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function diagnosisMarkdown(d: Diagnosis, title: string, tz: TimeConvention = LOCAL): string {
  const out: string[] = [
    `## Patch flow: ${mdEscape(title)}`,
    "",
    `Reference time: ${d.now ? referenceTime(d, tz).replace(", the newest event", " (the newest event)") : "none"}`,
    "",
  ];
  out.push("| stage | verdict | last run | facts |", "|---|---|---|---|");
  for (const s of d.stages)
    out.push(
      `| ${STAGE_TITLE[s.stage]} | ${s.verdict === "failed" ? "**failed**" : s.verdict} | ${mdEscape(lastRun(s, tz))} | ${s.facts.map(mdEscape).join("<br>") || "-"} |`,
    );
  out.push("");
  if (!d.findings.length) {
    out.push("No findings.");
    return out.join("\n") + "\n";
  }
  out.push(`### Findings: ${d.counts.error} error(s), ${d.counts.warning} warning(s), ${d.counts.info} info`, "");
  const remedies = new Map<string, string>();
  for (const f of d.findings) {
    out.push(
      `- **${f.severity.toUpperCase()}** \`${f.ruleId}\` (${f.stage}${f.inferred ? ", inferred" : ""}): ${mdEscape(f.message)}`,
    );
    for (const e of f.evidence.slice(0, 10))
      out.push(
        `  - ${mdCode(`${e.file}:${e.line}`)} ${mdEscape(showTime(e.utc, e.local, tz))}: ${mdEscape(e.message.slice(0, 200))}`,
      );
    out.push(`  - what to do: ${mdEscape(remedyText(f, remedies))}`);
  }
  return out.join("\n") + "\n";
}

/** The JSON document of `diagnose --format json` for one client (schema in the README). */
export function diagnosisJson(c: ClientResult): object {
  return {
    ...c.diagnosis,
    client: c.client,
    files: c.files,
    recognition: c.recognition,
    unparsed: c.unparsed,
    skippedLogs: c.skipped,
    excludedLogs: c.excluded,
    warnings: [...c.missing, ...c.warnings],
    updates: c.updates,
  };
}
