import type { FileStats, SkippedLog } from "../model/input.js";
import type { IngestReport } from "../model/timeline.js";
import type { ClientResult } from "../model/result.js";
import { colorEnabled, safeLine, styler } from "../text/terminal.js";
import { sizeText } from "../input/select.js";

export interface ReadSummary {
  stats: FileStats[];
  /** Paths that could not be read at all. */
  missing: string[];
  warnings: string[];
  /** Logs found that no stage uses, not read; logs an --exclude glob dropped. */
  skipped?: SkippedLog[];
  excluded?: number;
}

/** What reading a client's logs gave, as its reading summary shows it. */
export function readSummaryOf(c: ClientResult): ReadSummary {
  return { stats: c.files, missing: c.missing, warnings: c.warnings, skipped: c.skipped, excluded: c.excluded };
}

/** One line for the logs found but not read, or none. */
export function skippedLine(skipped: SkippedLog[] | undefined, excluded = 0): string | undefined {
  const parts: string[] = [];
  if (skipped?.length) {
    const bytes = skipped.reduce((n, s) => n + s.bytes, 0);
    const names = skipped
      .slice(0, 3)
      .map((s) => safeLine(s.file.slice(s.file.lastIndexOf("/") + 1)))
      .join(", ");
    parts.push(
      `${skipped.length} log${skipped.length === 1 ? "" : "s"} no stage uses not read (${sizeText(bytes)}: ${names}${skipped.length > 3 ? ", ..." : ""}; --all-logs or --include reads them)`,
    );
  }
  if (excluded) parts.push(`${excluded} log${excluded === 1 ? "" : "s"} excluded by --exclude`);
  return parts.length ? parts.join("; ") : undefined;
}

/**
 * The reading summary on stderr: warnings and errors, then one line of totals. A file's own line (its lines,
 * bytes, encoding, records by format and unparsed spans by reason) is printed for every file with `all`
 * (`--verbose`), only for files with unparsed spans with `problems` (the default for one client), and never with
 * `totals` (fleets).
 */
export function printSummary(
  report: ReadSummary,
  stream: NodeJS.WriteStream = process.stderr,
  detail: "all" | "problems" | "totals" = "problems",
): void {
  const perFile = detail !== "totals";
  const style = styler(colorEnabled(stream));
  const lines: string[] = [];
  for (const w of report.missing) lines.push(style("red", `error: ${safeLine(w)}`));
  for (const w of report.warnings) lines.push(style("yellow", `warning: ${safeLine(w)}`));
  let records = 0;
  let unparsedSpans = 0;
  let unparsedLines = 0;
  let blank = 0;
  for (const s of report.stats) {
    if (!perFile) {
      records += s.records;
      for (const [reason, u] of Object.entries(s.unparsed)) {
        if (reason === "blank") blank += u.lines;
        else {
          unparsedSpans += u.spans;
          unparsedLines += u.lines;
        }
      }
      if (s.error) lines.push(style("red", `error: ${safeLine(s.file)}: ${safeLine(s.error)}`));
      continue;
    }
    records += s.records;
    const formats =
      Object.entries(s.recordsByFormat)
        .filter(([, n]) => n > 0)
        .map(([f, n]) => `${f} ${n}`)
        .join(", ") || "none";
    const bad: string[] = [];
    for (const [reason, u] of Object.entries(s.unparsed)) {
      if (reason === "blank") {
        blank += u.lines;
        continue;
      }
      unparsedSpans += u.spans;
      unparsedLines += u.lines;
      bad.push(`${reason} ${u.spans} (${u.lines} line${u.lines === 1 ? "" : "s"})`);
    }
    const log = s.log === "other" ? "" : ` [${s.log}]`;
    if (detail === "all" || bad.length)
      lines.push(
        `${safeLine(s.file)}${log}: ${s.lines} lines, ${s.bytes} bytes${s.encoding ? `, ${s.encoding}` : ""}; records: ${formats}${bad.length ? style("yellow", `; unparsed: ${bad.join(", ")}`) : ""}`,
      );
    if (s.error) lines.push(style("red", `error: ${safeLine(s.file)}: ${safeLine(s.error)}`));
  }
  const notRead = skippedLine(report.skipped, report.excluded);
  if (notRead) lines.push(notRead);
  lines.push(
    style(
      "bold",
      `${report.stats.length} file${report.stats.length === 1 ? "" : "s"}, ${records} records, ${unparsedSpans} unparsed span${unparsedSpans === 1 ? "" : "s"} (${unparsedLines} lines), ${blank} blank lines`,
    ),
  );
  stream.write(lines.join("\n") + "\n");
}

/** The summary of what reading gave one client, as `parse` and `timeline` print it (every file with `verbose`). */
export function printReadSummary(report: IngestReport, verbose: boolean): void {
  const { missing, warnings, skipped, excluded } = report.discovery;
  printSummary(
    { stats: report.stats, missing, warnings, skipped, excluded },
    process.stderr,
    verbose ? "all" : "problems",
  );
}
