import { appendFileSync } from "node:fs";
import * as path from "node:path";
import type { Severity } from "../model/event.js";
import type { Finding } from "../model/finding.js";
import { diagnosisMarkdown } from "./diagnose-format.js";
import { parseTimeConvention } from "../time/show.js";
import type { ClientResult, RunResult } from "../model/result.js";
import { visibleControl, wellFormed } from "../text/xml.js";
import { describeSystemError } from "../model/errors.js";
import { safeLine } from "../text/terminal.js";
import type { ReportContext } from "./report-context.js";

/**
 * GitHub Actions workflow commands (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
 * one annotation per finding, errors first, then warnings, then notices (info). GitHub keeps only 10 annotations of
 * each level per step, so each level is cut at 10 and a last notice says how many more there are; the job summary
 * (`toGithubSummary`, written to `$GITHUB_STEP_SUMMARY`) has them all.
 */
export interface GithubOptions {
  /** Absolute evidence paths under this folder are shown relative to it (the workspace, so annotations attach to files). */
  cwd?: string;
  /** Annotations per level; GitHub shows at most 10. */
  maxPerLevel?: number;
}

type Level = "error" | "warning" | "notice";
const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "notice" };
const GITHUB_LIMIT = 10;

export function toGithub(result: RunResult, opts: GithubOptions = {}): string {
  const max = opts.maxPerLevel ?? GITHUB_LIMIT;
  const byLevel: Record<Level, string[]> = { error: [], warning: [], notice: [] };
  for (const f of result.failedClients)
    byLevel.error.push(command("error", { title: "patchflow" }, `${f.client}: cannot read the logs: ${f.error}`));
  for (const c of result.clients) {
    for (const f of c.diagnosis.findings) byLevel[LEVEL[f.severity]].push(annotation(result, c, f, opts.cwd));
  }
  const over = (l: Level) => Math.max(0, byLevel[l].length - max);
  const overflowing = over("error") + over("warning") + over("notice") > 0;
  // The closing notice is itself a notice: leave it room among the 10 GitHub shows.
  const noticeCap = overflowing ? Math.max(0, max - 1) : max;
  const shown = [
    ...byLevel.error.slice(0, max),
    ...byLevel.warning.slice(0, max),
    ...byLevel.notice.slice(0, noticeCap),
  ];
  const hidden = {
    error: over("error"),
    warning: over("warning"),
    notice: Math.max(0, byLevel.notice.length - noticeCap),
  };
  const more = hidden.error + hidden.warning + hidden.notice;
  if (more) {
    const parts = (Object.keys(hidden) as Level[])
      .filter((l) => hidden[l])
      .map((l) => `${hidden[l]} ${l}${hidden[l] === 1 ? "" : "s"}`);
    shown.push(
      command(
        "notice",
        { title: "patchflow" },
        `${more} more finding${more === 1 ? "" : "s"} (${parts.join(", ")}) not annotated here: GitHub shows ${max} per level and step. The job summary lists every finding.`,
      ),
    );
  }
  return shown.length ? shown.join("\n") + "\n" : "";
}

function annotation(result: RunResult, c: ClientResult, f: Finding, cwd: string | undefined): string {
  const e = f.evidence[0];
  const props: Record<string, string> = {};
  if (e) {
    props.file = displayPath(e.file, cwd);
    props.line = String(Math.max(1, e.line));
  }
  props.title = f.ruleId;
  return command(LEVEL[f.severity], props, result.fleet ? `${c.client}: ${f.message}` : f.message);
}

function displayPath(file: string, cwd: string | undefined): string {
  const p = file.replace(/\\/g, "/");
  if (!cwd || !path.isAbsolute(file)) return p;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.replace(/\\/g, "/") : p;
}

/** `::level key=value,...::message`, escaped the way the runner unescapes it. */
export function command(level: Level, props: Record<string, string>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(",");
  return `::${level}${p ? ` ${p}` : ""}::${escapeData(message)}`;
}

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/** Controls other than CR/LF would reach the log viewer as they are: shown as `\xNN` instead. */
function clean(s: string): string {
  return wellFormed(s).replace(CONTROL, visibleControl);
}

export function escapeData(s: string): string {
  return clean(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub refuses a step summary over 1 MiB; stay under it with room for the closing note. */
const SUMMARY_LIMIT = 1_000_000;

/** The job summary: per client its stage table and every finding, in Markdown. */
export function toGithubSummary(result: RunResult): string {
  const head: string[] = [];
  const n = result.clients.length;
  const totals = { error: 0, warning: 0, info: 0 };
  for (const c of result.clients)
    for (const k of ["error", "warning", "info"] as const) totals[k] += c.diagnosis.counts[k];
  head.push(
    `# patchflow ${result.tool.version}: ${n} client${n === 1 ? "" : "s"}, ${totals.error} error${totals.error === 1 ? "" : "s"}, ${totals.warning} warning${totals.warning === 1 ? "" : "s"}, ${totals.info} info`,
    "",
  );
  if (result.fleet && n) {
    head.push("| client | errors | warnings | info | failed stages |", "|---|---|---|---|---|");
    for (const c of result.clients) {
      const failed =
        c.diagnosis.stages
          .filter((s) => s.verdict === "failed")
          .map((s) => s.stage)
          .join(", ") || "-";
      head.push(
        `| ${cell(c.client)} | ${c.diagnosis.counts.error} | ${c.diagnosis.counts.warning} | ${c.diagnosis.counts.info} | ${failed} |`,
      );
    }
    head.push("");
  }
  if (result.failedClients.length) {
    head.push(
      `**Could not read ${result.failedClients.length} client${result.failedClients.length === 1 ? "" : "s"}:**`,
      "",
    );
    for (const f of result.failedClients) head.push(`- ${cell(f.client)}: ${cell(f.error)}`);
    head.push("");
  }
  let out = head.join("\n") + "\n";
  let size = Buffer.byteLength(out);
  const tz = parseTimeConvention(result.tz);
  for (let i = 0; i < n; i++) {
    const c = result.clients[i];
    const part = diagnosisMarkdown(c.diagnosis, c.client, tz) + "\n";
    const bytes = Buffer.byteLength(part);
    if (size + bytes > SUMMARY_LIMIT) {
      out += `_${n - i} more client${n - i === 1 ? "" : "s"} left out: a job summary holds at most 1 MiB. The JSON and SARIF outputs have all of them._\n`;
      break;
    }
    out += part;
    size += bytes;
  }
  return out;
}

function cell(s: string): string {
  return clean(s)
    .replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, " ");
}

/**
 * Appends the job summary to the file named by `GITHUB_STEP_SUMMARY`, when set (on GitHub Actions).
 * The one reporter function that writes; returns whether it did.
 */
export function writeGithubSummary(result: RunResult, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, toGithubSummary(result), "utf8");
  return true;
}

/** `diagnose --format github`: the annotations, and the job summary written beside them. */
export function githubReport(result: RunResult, ctx: Pick<ReportContext, "warn">): string {
  const text = toGithub(result);
  // The annotations are the main output: a job summary that cannot be written costs a warning, not them.
  try {
    writeGithubSummary(result);
  } catch (err) {
    ctx.warn(
      `warning: cannot write the job summary to $GITHUB_STEP_SUMMARY (${safeLine(process.env.GITHUB_STEP_SUMMARY ?? "")}): ${describeSystemError(err)}; the annotations are printed, the summary is missing`,
    );
  }
  return text;
}
