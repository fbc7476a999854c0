import Table from "cli-table3";
import type { Diagnosis } from "../rules/engine.js";
import type { Finding, StageSummary, Verdict } from "../rules/types.js";
import type { ClientResult } from "./result.js";
import { cell, safeLine, safeText, type Style } from "./terminal.js";

function verdictCell(v: Verdict, style: Style): string {
  switch (v) {
    case "failed": return style("red", "FAILED");
    case "warning": return style("yellow", "warning");
    case "ok": return style("green", "ok");
    default: return style("gray", "no evidence");
  }
}

function when(utc: string | null, local: string | null): string {
  if (utc) return utc.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z");
  if (local) return `${local.replace("T", " ").slice(0, 16)} local`;
  return "(no time)";
}

function lastRun(s: StageSummary): string {
  if (!s.lastRun) return "-";
  return `${when(s.lastRun.startUtc, s.lastRun.startLocal)} ${s.lastRun.result}`;
}

const STAGE_TITLE: Record<StageSummary["stage"], string> = {
  sync: "1 catalog sync",
  scan: "2 client scan",
  inventory: "3 hardware inventory",
  install: "4 patch install",
  execution: "program execution",
};

export function diagnosisTable(d: Diagnosis, style: Style, title: string): string {
  const out: string[] = [];
  out.push(style("bold", `Patch flow: ${safeLine(title)}`) + style("dim", `  (reference time ${d.now ? when(d.now, null) : "none"}${d.nowSource === "newest-event" ? ", the newest event" : ""})`));
  const t = new Table({ head: ["stage", "verdict", "last run", "facts"], wordWrap: true, colWidths: [22, 13, 28, 60], style: { head: [], border: [] } });
  for (const s of d.stages) t.push([STAGE_TITLE[s.stage], verdictCell(s.verdict, style), lastRun(s), s.facts.map((f) => cell(f, 200)).join("\n") || "-"]);
  out.push(t.toString());
  if (!d.findings.length) {
    out.push(style("green", "No findings."));
    return out.join("\n");
  }
  out.push("");
  out.push(style("bold", `Findings: ${d.counts.error} error${d.counts.error === 1 ? "" : "s"}, ${d.counts.warning} warning${d.counts.warning === 1 ? "" : "s"}, ${d.counts.info} info`));
  for (const f of d.findings) out.push("", ...findingLines(f, style));
  return out.join("\n");
}

function findingLines(f: Finding, style: Style): string[] {
  const sev = f.severity === "error" ? style("red", "ERROR") : f.severity === "warning" ? style("yellow", "WARNING") : style("cyan", "INFO");
  const lines = [`${sev} ${style("bold", f.ruleId)} [${f.stage}]${f.inferred ? style("dim", " (inferred)") : ""}`, `  ${safeText(f.message)}`];
  for (const e of f.evidence.slice(0, 5)) {
    lines.push(style("dim", `  evidence: ${safeLine(e.file)}:${e.line}  ${when(e.utc, e.local)}  `) + cell(e.message, 100));
  }
  if (f.evidence.length > 5) lines.push(style("dim", `  (+${f.evidence.length - 5} more lines; --format json lists all)`));
  lines.push(`  what to do: ${safeText(f.remedy)}`);
  return lines;
}

/** Text in Markdown: every character with a meaning (HTML, links, emphasis, tables) escaped, on one line. */
export function mdEscape(s: string): string {
  return safeText(s).replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, " ");
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

export function diagnosisMarkdown(d: Diagnosis, title: string): string {
  const out: string[] = [`## Patch flow: ${mdEscape(title)}`, "", `Reference time: ${d.now ?? "none"}${d.nowSource === "newest-event" ? " (the newest event)" : ""}`, ""];
  out.push("| stage | verdict | last run | facts |", "|---|---|---|---|");
  for (const s of d.stages) out.push(`| ${STAGE_TITLE[s.stage]} | ${s.verdict === "failed" ? "**failed**" : s.verdict} | ${mdEscape(lastRun(s))} | ${s.facts.map(mdEscape).join("<br>") || "-"} |`);
  out.push("");
  if (!d.findings.length) {
    out.push("No findings.");
    return out.join("\n") + "\n";
  }
  out.push(`### Findings: ${d.counts.error} error(s), ${d.counts.warning} warning(s), ${d.counts.info} info`, "");
  for (const f of d.findings) {
    out.push(`- **${f.severity.toUpperCase()}** \`${f.ruleId}\` (${f.stage}${f.inferred ? ", inferred" : ""}): ${mdEscape(f.message)}`);
    for (const e of f.evidence.slice(0, 10)) out.push(`  - ${mdCode(`${e.file}:${e.line}`)} ${mdEscape(when(e.utc, e.local))}: ${mdEscape(e.message.slice(0, 200))}`);
    out.push(`  - what to do: ${mdEscape(f.remedy)}`);
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
