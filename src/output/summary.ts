import type { IngestReport } from "../ingest.js";
import { colorEnabled, safeText, styler } from "./terminal.js";

/** The reading summary on stderr: files, encodings, records by format, unparsed spans by reason, warnings. */
export function printSummary(report: IngestReport, stream: NodeJS.WriteStream = process.stderr): void {
  const style = styler(colorEnabled(stream));
  const lines: string[] = [];
  for (const w of report.discovery.missing) lines.push(style("red", `error: ${safeText(w)}`));
  for (const w of report.discovery.warnings) lines.push(style("yellow", `warning: ${safeText(w)}`));
  let records = 0;
  let unparsedSpans = 0;
  let unparsedLines = 0;
  let blank = 0;
  for (const s of report.stats) {
    records += s.records;
    const formats = Object.entries(s.recordsByFormat).filter(([, n]) => n > 0).map(([f, n]) => `${f} ${n}`).join(", ") || "none";
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
    lines.push(`${safeText(s.file)}${log}: ${s.lines} lines, ${s.bytes} bytes${s.encoding ? `, ${s.encoding}` : ""}; records: ${formats}${bad.length ? style("yellow", `; unparsed: ${bad.join(", ")}`) : ""}`);
    if (s.error) lines.push(style("red", `error: ${safeText(s.file)}: ${s.error}`));
  }
  lines.push(
    style("bold", `${report.stats.length} file${report.stats.length === 1 ? "" : "s"}, ${records} records, ${unparsedSpans} unparsed span${unparsedSpans === 1 ? "" : "s"} (${unparsedLines} lines), ${blank} blank lines`),
  );
  stream.write(lines.join("\n") + "\n");
}
